// The search page's only script of its own: starts Pagefind's interface in the
// page's language. Pagefind picks the index of the page's <html lang>, so a reader
// searches the edition they are reading.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  new PagefindUI({
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
