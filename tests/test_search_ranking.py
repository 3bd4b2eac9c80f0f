"""What a reader finds first: for a subject a chapter is about, that chapter, then the
timeline events and sources that mention it; and excerpts that read as the edition's
sentences."""

from __future__ import annotations

import pytest
from searching import results

# edition, a query a reader types, the chapter about it
SUBJECTS = [
    ("en", "Hanfu", "hanfu"),
    ("en", "Dinglou", "first-shop"),
    ("en", "Heze", "heze"),
    ("en", "returnees", "returnees"),
    ("en", "came home", "returnees"),
    ("en", "first shop", "first-shop"),
    ("zh", "汉服", "hanfu"),
    ("zh", "丁楼", "first-shop"),
    ("zh", "菏泽", "heze"),
    ("zh", "返乡", "returnees"),
    ("zh-hant", "漢服", "hanfu"),
    ("zh-hant", "丁樓", "first-shop"),
    ("zh-hant", "菏澤", "heze"),
]


@pytest.mark.parametrize("edition, query, chapter", SUBJECTS, ids=[f"{e}-{q}" for e, q, _ in SUBJECTS])
def test_the_chapter_about_a_subject_comes_first(search_page, served_site, edition, query, chapter):
    """ "Hanfu" on the English edition listed two sources and three timeline events
    before the chapter about Hanfu; "Dinglou" did not show its chapter in the first five."""
    found = results(search_page, served_site, edition, query)
    assert found and found[0] == f"{served_site.base_path}{edition}/{chapter}/", found[:5]
