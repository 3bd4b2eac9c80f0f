"""Chinese text as Chromium sets it on a phone: justified lines that space out Han
characters never space out the letters of an English word."""

from __future__ import annotations

from browsing import pages_of_type

# Each Latin word of five letters or more in a Chinese page's paragraphs: its width as
# set, and as it would be set on its own in the same font.
LATIN_WIDTHS = """() => {
  const found = [];
  for (const p of document.querySelectorAll("main .prose p")) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const match of node.data.matchAll(/[A-Za-z]{5,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const alone = node.parentElement.appendChild(document.createElement("span"));
        alone.style.cssText = "position:absolute;white-space:nowrap;text-align:left";
        alone.textContent = match[0];
        found.push([match[0], range.getBoundingClientRect().width, alone.getBoundingClientRect().width]);
        alone.remove();
      }
    }
  }
  return found;
}"""


def test_justified_chinese_never_spaces_out_the_letters_of_a_latin_word(served_site, new_page):
    """ "village chief" in a justified Chinese line read "v i l l a g e": spacing between
    every character spread English words letter by letter."""
    page = new_page(360, 740)
    widths = []
    for path in pages_of_type(served_site, "chapter")["zh-Hans"]:
        page.goto(served_site.url(path))
        widths += page.evaluate(LATIN_WIDTHS)
    assert widths, "the Chinese chapters quote no English word: pick another page"
    spaced = [(word, set_width, alone) for word, set_width, alone in widths if set_width > alone + 1]
    assert not spaced, spaced
