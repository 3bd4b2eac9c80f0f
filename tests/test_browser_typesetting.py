"""Text as Chromium sets it: lines hold about 65 English or 37 Chinese characters,
Chinese is set as Chinese (its own fonts, no slanted Han character even on an English
page), and justified Chinese lines never space out the letters of an English word."""

from __future__ import annotations

import re
import statistics

from browsing import pages_of_type

CHARACTERS_PER_LINE = """() => {
  const counts = [];
  for (const p of document.querySelectorAll("main article p")) {
    if (p.closest("aside, figure, header, .notes, .asides")) continue;
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("sup")) continue;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width === 0) continue;
        const line = Math.round(box.top / 8);
        lines.set(line, (lines.get(line) || 0) + 1);
      }
    }
    counts.push(...[...lines.values()].slice(0, -1));  // a paragraph's last line is short
  }
  return counts;
}"""


def test_lines_hold_about_65_english_or_37_chinese_characters(served_site, new_page):
    """Measured on wide screens, where the column and not the screen sets the measure."""
    page = new_page(1280, 800)
    wanted = {"en": (55, 72), "zh-Hans": (33, 41), "zh-Hant": (33, 41)}  # characters and spaces
    for lang, paths in pages_of_type(served_site, "chapter").items():
        page.goto(served_site.url(paths[0]))
        counts = page.evaluate(CHARACTERS_PER_LINE)
        assert len(counts) >= 20, paths[0]
        low, high = wanted[lang]
        assert low <= statistics.median(counts) <= high, f"{paths[0]}: {statistics.median(counts)}"


def test_chinese_is_set_as_chinese(served_site, new_page):
    """Taller lines than English; emphasis with dots or weight, never a slanted Han character."""
    page = new_page(1280, 800)
    styles = {}
    for lang, paths in pages_of_type(served_site, "chapter").items():
        page.goto(served_site.url(paths[0]))
        styles[lang] = page.evaluate(
            """() => {
              const p = document.querySelector("main article .prose p");
              const em = p.appendChild(document.createElement("em"));
              em.textContent = "淘宝";
              const text = getComputedStyle(p), emphasis = getComputedStyle(em);
              return {
                leading: parseFloat(text.lineHeight) / parseFloat(text.fontSize),
                family: text.fontFamily,
                italic: emphasis.fontStyle !== "normal",
                marked: emphasis.textEmphasisStyle !== "none" || parseInt(emphasis.fontWeight) >= 600,
              };
            }"""
        )
    assert set(styles) == {"en", "zh-Hans", "zh-Hant"}
    for chinese in ("zh-Hans", "zh-Hant"):
        assert styles[chinese]["leading"] >= 1.7 > styles["en"]["leading"] >= 1.45
        assert not styles[chinese]["italic"] and styles[chinese]["marked"]
    assert styles["en"]["italic"]
    assert re.search(r"PingFang SC|Noto Sans CJK SC|Microsoft YaHei", styles["zh-Hans"]["family"])
    assert re.search(r"PingFang TC|Noto Sans CJK TC|Microsoft JhengHei", styles["zh-Hant"]["family"])


# Every run of Han characters on a page whose computed style slants it.
SLANTED_HAN = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const slanted = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (/[\u4e00-\u9fff]/.test(node.data) && getComputedStyle(node.parentElement).fontStyle !== "normal")
      slanted.push(node.data.trim());
  }
  return slanted;
}"""


def test_no_han_character_is_slanted_even_on_an_english_page(served_site, new_page):
    """Chinese headlines quoted in English notes are <cite lang="zh-Hans">: the rule that
    keeps Han upright must match the element that carries the language itself."""
    page = new_page(1280, 800)
    english = [
        path for kind in ("chapter", "sources", "timeline") for path in pages_of_type(served_site, kind)["en"]
    ]
    quoted = 0
    for path in english:
        page.goto(served_site.url(path))
        assert page.evaluate(SLANTED_HAN) == [], path
        quoted += page.locator("cite:lang(zh)").count()
    assert quoted > 0  # the English pages do quote Chinese headlines


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
