"""Nothing a draft uses is published: what only a draft chapter shows waits with it."""

from __future__ import annotations

from projects import SOURCES_YAML, chapter
from sitereader import soup
from test_build import GAMMA, published_text

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
    result = project.build()
    assert "gamma" not in result.stderr
    for edition in ("en", "zh"):
        sources = soup(project.out / f"{edition}/sources/index.html")
        assert sources.find(id="src-alpha") and not sources.find(id="src-gamma")
    assert "Gamma confidential" not in published_text(project.out)
    project.write("content/three.en.md", draft.replace("draft: true\n", ""))
    project.build()
    assert soup(project.out / "en/sources/index.html").find(id="src-gamma")
    assert "Gamma confidential" in published_text(project.out / "pagefind")


def test_a_chart_that_no_page_shows_still_has_its_sources_listed(make_project):
    """A chart waiting for its chapter, draft or none, is no draft's: its sources stay."""
    project = make_project(
        {"content/sources.yaml": SOURCES_YAML + GAMMA, "content/data/secret-shops.yaml": SECRET_CHART}
    )
    result = project.build()
    assert "gamma" not in result.stderr
    assert soup(project.out / "en/sources/index.html").find(id="src-gamma")
