"""Searching the built site in Chromium as a reader does: a query typed into an edition's
search page, and the result links it gives."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

# Done searching: every result shown has loaded its link, or the message says nothing was
# found (the only message without a number in it).
SETTLED = """() => {
  const message = document.querySelector(".pagefind-ui__message").textContent;
  const shown = document.querySelectorAll(".pagefind-ui__result").length;
  const loaded = document.querySelectorAll(".pagefind-ui__result-inner > .pagefind-ui__result-title a").length;
  return !message.includes("…") && (/[0-9]/.test(message) ? shown > 0 && shown === loaded : shown === 0);
}"""


def results(page, site, edition: str, query: str) -> list[str]:
    """The result links (URL paths) a reader gets for a query on an edition's search page."""
    page.goto(site.url(f"{site.base_path}{edition}/search/"))
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__message", timeout=10_000)
    page.wait_for_function(SETTLED, timeout=10_000)
    while page.locator(".pagefind-ui__button").count():  # "More results": every result
        count = page.locator(".pagefind-ui__result").count()
        page.click(".pagefind-ui__button")
        page.wait_for_function(f"() => document.querySelectorAll('.pagefind-ui__result').length > {count}")
        page.wait_for_function(SETTLED, timeout=10_000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "(as) => as.map((a) => a.href)")
    return [
        unquote(urlsplit(link).path + (f"#{urlsplit(link).fragment}" if "#" in link else ""))
        for link in links
    ]
