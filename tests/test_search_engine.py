"""The search index is a cached result like any other: keyed by the binary that makes it
too, so a warm build never serves the index another binary made."""

from __future__ import annotations

import shutil

from projects import assert_clear_failure


def test_a_warm_build_with_another_pagefind_binary_makes_its_index_again(make_project, tmp_path):
    """PAGEFIND_BINARY_PATH naming a binary that cannot index: a warm build took the
    cached index and said "built", where a build from nothing failed."""
    project = make_project()
    project.build()
    broken = tmp_path / "pagefind-broken"
    shutil.copy("/bin/false", broken)
    before = sorted(path.name for path in project.out.rglob("*"))
    result = project.run_subprocess("build", env={"PAGEFIND_BINARY_PATH": str(broken)})
    assert_clear_failure(result)
    assert "search index" in result.stderr
    assert sorted(path.name for path in project.out.rglob("*")) == before
