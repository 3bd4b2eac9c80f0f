// The search page's only script of its own: starts Pagefind's interface in the
// page's language. Pagefind picks the index of the page's <html lang>, so a reader
// searches the edition they are reading.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  // A query typed in the other Chinese script (淘宝 here, 淘寶 there) is searched in
  // this edition's: the map, made at build time, covers the characters the story uses.
  const map = JSON.parse(box.dataset.queryMap);
  new PagefindUI({
    processTerm: (term) => Array.from(term, (character) => map[character] || character).join(""),
    element: box,
    bundlePath: box.dataset.bundle,
    showImages: false,
    showSubResults: true,
    translations: JSON.parse(box.dataset.interface),
  });
  // The sentence above the box becomes its visible label (Pagefind gives it a title only).
  const input = box.querySelector("input");
  const hint = document.getElementById("search-hint");
  if (input && hint) {
    const label = document.createElement("label");
    label.htmlFor = input.id = "search-input";
    label.textContent = hint.textContent;
    hint.replaceChildren(label);
  }
});
