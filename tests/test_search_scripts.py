"""Search across the two Chinese scripts: a query typed in the other script finds this
edition's text (the page's query map), and never less than the query finds as typed."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from searching import results

CROSS_SCRIPT = [
    ("zh-hant", "汉服", "漢服", "/zh-hant/hanfu/"),
    ("zh-hant", "淘宝", "淘寶", "/zh-hant/first-shop/"),
    ("zh", "淘寶", "淘宝", "/zh/first-shop/"),
]


@pytest.mark.parametrize(
    "edition, typed, shown, expected", CROSS_SCRIPT, ids=[f"{c[0]}-{c[1]}" for c in CROSS_SCRIPT]
)
def test_a_query_in_the_other_chinese_script_finds_this_editions_text(
    search_page, served_site, edition, typed, shown, expected
):
    found = results(search_page, served_site, edition, typed)
    assert served_site.base_path + expected.lstrip("/") in found, found
    assert all(path.startswith(f"{served_site.base_path}{edition}/") for path in found), found
    marked = search_page.locator(".pagefind-ui__result-excerpt mark").all_inner_texts()
    assert any(shown in text or text in shown for text in marked), marked  # the edition's own script


# What Pagefind alone finds for a query, with no query map: the result paths.
UNMAPPED = """async ([bundle, query]) => {
  const found = await (await import(bundle + "pagefind.js")).search(query);
  return Promise.all(found.results.map(async (result) => (await result.data()).url));
}"""
# 里 is 裡 in most Traditional text, but 阿里 (Alibaba) keeps it, and so does 上下游.
OWN_SCRIPT = [("阿里", "/zh-hant/heze/"), ("阿里巴巴", "/zh-hant/heze/"), ("上下游", "/zh-hant/hanfu/")]


@pytest.mark.parametrize("query, expected", OWN_SCRIPT, ids=[query for query, _ in OWN_SCRIPT])
def test_a_query_in_the_editions_own_script_finds_all_it_finds_unmapped(
    search_page, served_site, query, expected
):
    """The map of the other script's characters must never take away what the query,
    searched as typed, finds."""
    found = results(search_page, served_site, "zh-hant", query)
    assert served_site.base_path + expected.lstrip("/") in found, found
    unmapped = search_page.evaluate(UNMAPPED, [f"{served_site.base_path}pagefind/", query])
    assert unmapped and {unquote(url) for url in unmapped} <= set(found), (unmapped, found)
