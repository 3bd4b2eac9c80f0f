"""Nothing a draft uses is published: what only a draft chapter shows waits with it."""

from __future__ import annotations

import contextlib
import gzip

from projects import SOURCES_YAML, chapter
from sitereader import soup

GAMMA = """\
gamma:
  outlet: Gamma Wire
  headline: Gamma confidential headline
  date: 2025-01-02
  language: en
  note: Cited only by a draft.
"""


def published_text(out) -> str:
    """Every file a reader can fetch, as text: the search index's files unpacked too."""
    texts = []
    for path in (path for path in out.rglob("*") if path.is_file()):
        data = path.read_bytes()
        with contextlib.suppress(OSError, EOFError):
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def assert_gamma_waits_with_the_draft(project, draft: str) -> None:
    """gamma, used only by content/three.en.md (a draft), is on no sources page, in no
    search record, and not called cited nowhere; published with the chapter, it is."""
    result = project.build()
    assert "gamma" not in result.stderr
    for edition in ("en", "zh"):
        sources = soup(project.out / f"{edition}/sources/index.html")
        assert sources.find(id="src-alpha") and not sources.find(id="src-gamma")
    assert "Gamma confidential" not in published_text(project.out) and "src-gamma" not in published_text(
        project.out
    )
    project.write("content/three.en.md", draft.replace("draft: true\n", ""))
    project.build()
    assert soup(project.out / "en/sources/index.html").find(id="src-gamma")
    assert "Gamma confidential" in published_text(project.out / "pagefind")


def test_drafts_are_not_published(make_project):
    project = make_project({"content/three.en.md": chapter("Three", 3, "Draft text.\n", draft="true")})
    project.build()
    assert not (project.out / "en/three").exists()
    assert "Three" not in (project.out / "en/index.html").read_text(encoding="utf-8")


def test_a_source_cited_only_by_a_draft_is_not_published_until_the_draft_is(make_project):
    """Nothing a draft uses is published: not its source either, on no sources page, in
    no feed, in no search record; nor is it called cited nowhere (a draft cites it)."""
    draft = chapter("Three", 3, "Draft text [@gamma].\n", draft="true")
    project = make_project({"content/sources.yaml": SOURCES_YAML + GAMMA, "content/three.en.md": draft})
    assert_gamma_waits_with_the_draft(project, draft)


def test_a_source_a_draft_cites_on_a_wrapped_line_is_not_published_nor_called_cited_nowhere(make_project):
    """A citation may wrap after its semicolon, as the pages read it: the draft's second
    source was published (sources page, search index) and said to be cited nowhere."""
    draft = chapter("Three", 3, "A claim [@alpha, para. 3;\n@gamma].\n", draft="true")
    project = make_project({"content/sources.yaml": SOURCES_YAML + GAMMA, "content/three.en.md": draft})
    assert_gamma_waits_with_the_draft(project, draft)


SECRET_CHART = """\
title: {en: Secret shop counts, zh: 秘密的网店数量}
description: {en: Shops by year., zh: 各年的网店数量。}
unit: {en: shops, zh: 家}
points:
  - {year: 2013, value: 2, source: gamma}
  - {year: 2020, value: 300, source: gamma}
"""


def test_a_source_only_a_drafts_chart_names_is_not_published_nor_called_cited_nowhere(make_project):
    """A chart's points name their sources: one that only a draft chapter's chart named was
    listed on the sources page and found by search, though no published page showed it."""
    draft = chapter("Three", 3, "Counted.\n\n::: chart secret-shops\n\nMore.\n", draft="true")
    project = make_project(
        {
            "content/sources.yaml": SOURCES_YAML + GAMMA,
            "content/data/secret-shops.yaml": SECRET_CHART,
            "content/three.en.md": draft,
        }
    )
    assert_gamma_waits_with_the_draft(project, draft)


def test_a_chart_that_no_page_shows_still_has_its_sources_listed(make_project):
    """A chart waiting for its chapter, draft or none, is no draft's: its sources stay."""
    project = make_project(
        {"content/sources.yaml": SOURCES_YAML + GAMMA, "content/data/secret-shops.yaml": SECRET_CHART}
    )
    result = project.build()
    assert "gamma" not in result.stderr
    assert soup(project.out / "en/sources/index.html").find(id="src-gamma")
