"""Search: each edition's index made at build time (Pagefind), and read in a browser."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from browsing import ServedSite, SiteServer, axe_violations, html_files, read_sitemap
from bs4 import BeautifulSoup
from projects import SITE_YAML, assert_clear_failure, leftovers, snapshot
from searching import results
from sitereader import html_pages

from storysite.cache import Cache
from storysite.config import load_config
from storysite.errors import Problems, SiteError
from storysite.pipeline import render_pages
from storysite.search import BUNDLE, ENTRY, UNUSED, SearchInput, index_language, published_index

THREE = SITE_YAML.replace("languages: [en, zh]", "languages: [en, zh, zh-Hant]")


def is_code(tag) -> bool:
    return tag.name == "script" and tag.get("type", "text/javascript") != "application/ld+json"


def test_every_edition_has_a_search_page_the_only_page_with_scripts(make_project):
    project = make_project({"site.yaml": THREE})
    project.build()
    pages = html_pages(project.out)
    for edition in ("en", "zh", "zh-hant"):
        search = pages[f"/{edition}/search/"]
        sources = [script["src"] for script in search.find_all("script", src=True)]
        assert sources and all(src.startswith("/story/") for src in sources)  # from the site itself
        fallback = search.select_one("noscript a")
        assert fallback["href"] == f"/story/{edition}/"  # without JavaScript: the contents
        assert pages[f"/{edition}/one/"].select_one(f'nav a[href="/story/{edition}/search/"]')
    runs_code = {url for url, page in pages.items() if page.find(is_code)}  # not schema.org's data
    assert runs_code == {
        "/en/search/",
        "/zh/search/",
        "/zh-hant/search/",
    }
    entry = (project.out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8")
    assert '"en"' in entry and '"zh-hans"' in entry and '"zh-hant"' in entry


def test_a_failed_index_is_a_clear_error_and_the_previous_site_stays(project):
    """The index is made while the rest of the site is written beside the old one:
    Pagefind failing then still leaves the old site, and nothing beside it."""
    project.build()
    before = snapshot(project.out)
    project.edit("content/one.en.md", "First fact", "A changed fact")
    result = project.run("build", env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 1, result.stderr
    assert "pagefind: error: the search index could not be built" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.out) == before and leftovers(project) == []


def test_pagefind_missing_from_the_start_is_a_clear_error_not_a_traceback(make_project, tmp_path):
    """From an empty cache a build starts Pagefind in the background: its absence is
    still one line saying what to do, from the build itself, and nothing is written."""
    hidden = tmp_path / "hidden"
    (hidden / "pagefind").mkdir(parents=True)
    (hidden / "pagefind" / "__init__.py").write_text("raise ImportError('not installed')\n")
    project = make_project()
    result = project.run_subprocess("build", env={"PYTHONPATH": str(hidden), "STORYSITE_CACHE": "off"})
    assert_clear_failure(result)
    assert "the search index could not be built" in result.stderr and "pip install" in result.stderr
    assert not project.out.exists() and leftovers(project) == []


def test_the_index_made_a_language_at_a_time_is_what_one_index_of_every_edition_makes(make_project):
    """Each language is indexed on its own (Pagefind then holds one language in memory,
    and a save indexes again only the languages it changed): the bundle published is
    byte for byte the one that a single index of every edition's records gives."""
    project = make_project({"site.yaml": THREE})
    project.build()
    published = snapshot(project.out / BUNDLE)
    cache = Cache(project.root, None)
    searched = render_pages(load_config(project.root, None, cache.files), Problems(), cache).search
    assert [search.language for search in searched] == ["en", "zh-hans", "zh-hant"]
    everything = SearchInput("every one", tuple(record for search in searched for record in search.records))
    whole = dict(index_language(everything))
    assert json.loads(published.pop(ENTRY)) == json.loads(whole.pop(ENTRY))
    assert published == {path: data for path, data in whole.items() if not path.startswith(UNUSED)}


@pytest.mark.parametrize(
    "english_entry, shared_script",
    [(b'{"version": "1", "languages": {"en": {}}}', b"one script"), (b"[]", b"the script"),
     (b'{"version": "2", "languages": {"en": {}}}', b"the script")],
    ids=["scripts differ", "entry not an object", "versions differ"],
)  # fmt: skip
def test_indexes_that_cannot_be_joined_are_a_clear_error(english_entry, shared_script):
    """Should a Pagefind release write its files otherwise, the build says so, naming
    the file, rather than publishing a bundle that finds only some languages."""
    english = ((ENTRY, english_entry), ("pagefind.js", shared_script))
    chinese = ((ENTRY, b'{"version": "1", "languages": {"zh-hans": {}}}'), ("pagefind.js", b"the script"))
    with pytest.raises(SiteError) as raised:
        published_index([english, chinese])
    [problem] = raised.value.problems
    assert problem.path.startswith(f"{BUNDLE}/") and "pip install" in problem.message


def test_a_two_language_site_indexes_two_languages(built_project):
    entry = (built_project.out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8")
    assert '"en"' in entry and '"zh-hans"' in entry and "zh-hant" not in entry


def test_a_character_new_to_the_story_reaches_the_query_maps_on_the_next_save(make_project, tmp_path):
    """The search pages map each character the story uses to its form in the other
    script; a save that brings a new one (们 / 們) must bring it to both maps."""
    from storysite.preview import PreviewBuilder

    project = make_project({"site.yaml": THREE})
    builder = PreviewBuilder(project.root, tmp_path / "preview", log=io.StringIO())

    def query_map(edition: str) -> dict[str, str]:
        page = (tmp_path / "preview" / edition / "search" / "index.html").read_text(encoding="utf-8")
        return json.loads(BeautifulSoup(page, "html.parser").select_one("#search")["data-query-map"])

    assert builder(), builder.failure
    assert "们" not in query_map("zh-hant") and query_map("zh-hant")["个"] == "個"
    project.edit("content/two.zh.md", "更多", "我们知道更多")
    assert builder(), builder.failure
    assert query_map("zh-hant")["们"] == "們" and query_map("zh")["們"] == "们"


# In the browser: the real site, built and served once (conftest.py).


QUERIES = [
    ("zh", "淘宝", "/zh/first-shop/"),
    ("zh", "汉服", "/zh/hanfu/"),
    ("zh-hant", "淘寶", "/zh-hant/first-shop/"),
    ("zh-hant", "漢服", "/zh-hant/hanfu/"),
    ("en", "Hanfu", "/en/hanfu/"),
]


@pytest.mark.parametrize("edition, query, expected", QUERIES, ids=[f"{e}-{q}" for e, q, _ in QUERIES])
def test_a_reader_finds_the_chapter_in_their_edition_only(search_page, served_site, edition, query, expected):
    found = results(search_page, served_site, edition, query)
    assert served_site.base_path + expected.lstrip("/") in found, found
    assert all(path.startswith(f"{served_site.base_path}{edition}/") for path in found), found
    excerpt = search_page.locator(".pagefind-ui__result-excerpt", has=search_page.locator("mark")).first
    context = excerpt.inner_text()
    # The count, said to a screen reader too: Pagefind's own message is no live region.
    search_page.wait_for_function(
        """() => { const said = document.querySelector("[role=status]").textContent;
                   return said && said === document.querySelector(".pagefind-ui__message").textContent.trim(); }""",
        timeout=5_000,
    )
    assert query.lower() in context.lower()  # the match, marked, in its context
    # Enough context to judge the result by: Pagefind counts a Chinese word as one, and
    # its 30 words made a dozen characters.
    assert len(context) >= (50 if edition != "en" else 80), context
    # The page as it is now, with its results, is what axe reads: a search costs a second
    # of Chromium's time, so the results are not searched for again in a test of their own.
    violations = axe_violations(search_page)
    assert not violations, "\n".join(f"{edition}: {violation}" for violation in violations)


@pytest.mark.slow
def test_under_a_sub_path_every_result_leads_to_a_page_that_is_there(chromium, make_project):
    """A site published under a path (a GitHub Pages project site): every result led to
    the path twice (/story/story/en/one/), as Pagefind put its own folder's before the
    addresses the index holds whole."""
    project = make_project()
    project.build()
    base_path, pages = read_sitemap(project.out)
    assert base_path == "/story/"
    with SiteServer(project.out, base_path) as server:
        site = ServedSite(project.out, server.origin, base_path, pages, html_files(project.out, base_path))
        context = chromium.new_context()
        try:
            found = results(context.new_page(), site, "en", "fact")
        finally:
            context.close()
        assert "/story/en/one/" in found, found
        for path in found:
            with urlopen(site.url(path.split("#")[0])) as response:  # a 404 raises
                assert response.status == 200


def test_results_for_events_and_sources_are_titled_and_set_as_the_pages_are(real_site):
    """Timeline results were titled with a cut inside a number ("...find 1" of 1,400
    yuan), a bracket left open, or only "Context" (eight events); their texts kept the
    data files' straight quotes, and a source's English headline came twice."""
    rendered = render_pages(load_config(real_site.root), Problems(), Cache(real_site.root))
    records = {
        (search.language, record.url): record for search in rendered.search for record in search.records
    }
    events = [record for (_, url), record in records.items() if "#event-" in url]
    assert len(events) > 60
    for record in events:
        clause = re.split(r"[:：] ?", record.title.rsplit(" · ", 1)[0], maxsplit=1)[1]  # after the date
        opened = sum(map(clause.count, "(（“「"))
        assert opened == sum(map(clause.count, ")）”」")), record.title
        stem = clause.removesuffix("…")
        after = record.content[record.content.index(stem) + len(stem) :]
        assert not (stem[-1:].isdigit() and re.match(r"[,.]?[0-9]", after)), record.title  # 1,400: not "1"
        assert len(stem) + len(re.findall(r"[\u4e00-\u9fff]", stem)) >= 16, record.title  # not "Context"
    english = [record for (language, _), record in records.items() if language == "en" and not record.html]
    texts = [record for record in records.values() if not record.html]  # English on Chinese pages too
    assert english and not [
        record.content for record in texts if re.search(r"[A-Za-z]'[a-z]|\"", record.content)
    ]
    for record in english:
        assert record.title not in record.content.replace(record.title, "", 1), record.url


def test_timeline_entries_and_sources_are_found_each_at_its_place(search_page, served_site):
    found = results(search_page, served_site, "zh-hant", "丁樓村")
    assert any("/zh-hant/timeline/#event-" in path for path in found), found
    assert any("/zh-hant/sources/#src-" in path for path in found), found
    chinese = search_page.eval_on_selector_all(
        ".pagefind-ui__result-link[href*='#event-']", "(links) => links.map((a) => a.textContent)"
    )
    assert chinese and not any(":" in title for title in chinese), chinese  # 2018年：, not 2018年:
    # Three events of 2017 were three results all titled "2017 · Timeline".
    results(search_page, served_site, "en", "Taobao villages")
    titles = search_page.eval_on_selector_all(
        ".pagefind-ui__result-link[href*='#event-']", "(links) => links.map((a) => a.textContent)"
    )
    assert len(titles) >= 2 and len(set(titles)) == len(titles), titles
    search_page.goto(served_site.url(next(p for p in found if "#event-" in p)))
    assert search_page.locator(":target").count() == 1


def test_an_english_query_never_returns_chinese_pages(search_page, served_site):
    assert results(search_page, served_site, "en", "淘宝") == []
    found = results(search_page, served_site, "en", "Taobao")
    assert found and all("/en/" in path for path in found)


def test_without_javascript_the_search_page_says_where_the_chapters_are(chromium, served_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url(f"{served_site.base_path}zh-hant/search/"))
    link = page.locator("main a", has_text="目錄")
    assert link.is_visible()
    link.click()
    assert urlsplit(page.url).path == f"{served_site.base_path}zh-hant/"
    context.close()


# The background of the first mark in the results, and the site's --accent-soft, as
# the browser computes them; and the mark's text colour and that of its excerpt.
MARK_COLOURS = """() => {
  const mark = document.querySelector(".pagefind-ui__result-excerpt mark");
  const probe = document.body.appendChild(document.createElement("span"));
  probe.style.background = "var(--accent-soft)";
  const [marked, accent, excerpt] = [mark, probe, mark.parentElement].map((el) => getComputedStyle(el));
  const colours = [marked.backgroundColor, accent.backgroundColor, marked.color, excerpt.color];
  probe.remove();
  return colours;
}"""


def test_the_marks_in_the_results_are_in_the_sites_colours_light_and_dark(search_page, served_site):
    results(search_page, served_site, "zh-hant", "淘寶")
    for scheme in ("light", "dark"):
        search_page.emulate_media(color_scheme=scheme)
        marked, accent, text, excerpt = search_page.evaluate(MARK_COLOURS)
        assert marked == accent != "rgb(255, 255, 0)", (scheme, marked, accent)  # not the browser's yellow
        assert text == excerpt, (scheme, text, excerpt)
        violations = axe_violations(search_page, ("color-contrast",))
        assert not violations, (scheme, violations)


@pytest.mark.parametrize("edition, query", [("en", "Taobao"), ("zh", "淘宝")])
def test_excerpts_hold_the_text_not_the_marks_of_its_notes(search_page, served_site, edition, query):
    """Each citation's words for screen readers ("Note 2", 注2) and each aside's mark were
    indexed: the excerpts read "Xinhua put the sum at $212 Note 3, Note 5. Aside c"."""
    results(search_page, served_site, edition, query)
    excerpts = search_page.eval_on_selector_all(
        ".pagefind-ui__result-excerpt", "(es) => es.map((e) => e.textContent)"
    )
    assert len(excerpts) >= 5
    marks = [
        text for text in excerpts if re.search(r"\b(Note \d|Aside [a-z]\b)|注 ?\d|补充说明 ?[a-z]|↩", text)
    ]
    assert not marks, marks
