// The search page's script: starts Pagefind's interface in the page's language
// (Pagefind picks the index of the page's <html lang>, so a reader searches the
// edition they are reading). The interface then loads search-both.js.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  new PagefindUI({
    element: box,
    // The interface imports bundlePath + "pagefind.js": after the "#", that name never
    // reaches the server, which sends search-both.js, Pagefind's search with the page's
    // query map (a query typed in the other Chinese script finds this edition's text).
    bundlePath: `${box.dataset.search}#`,
    // The results' addresses are whole paths already, the site's base path included:
    // Pagefind would put the folder its files are in before them again (/sub/sub/en/).
    baseUrl: "/",
    showImages: false,
    showSubResults: true,
    excerptLength: Number(box.dataset.excerptWords),
    // The chapter about a subject first, then the events and sources that mention it.
    // A chapter is long, each event or source a few lines: Pagefind's usual weight for
    // a short page put every line naming Hanfu above the chapter about it (pageLength).
    // And a result's title counted once more: an event's title is its own first clause,
    // and a title with "Heze’s" counted six times over; a chapter's is its <h1>, weighted
    // as a heading in its text already (metaWeights).
    ranking: { pageLength: 0.1, metaWeights: { title: 0 } },
    translations: JSON.parse(box.dataset.interface),
  });
  // Each count of results ("16 results for Heze") is said once it settles, not at each
  // keystroke: Pagefind shows it in an element no screen reader is told about.
  const status = document.getElementById("search-status");
  let settling;
  new MutationObserver(() => {
    clearTimeout(settling);
    settling = setTimeout(() => {
      const message = box.querySelector(".pagefind-ui__message");
      const said = message ? message.textContent.trim() : "";
      if (status && said && !said.endsWith("…") && status.textContent !== said) status.textContent = said;
    }, 500);
  }).observe(box, { childList: true, subtree: true, characterData: true });
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
