"""Random sequences of edits, hunting for output that the cache or the preview left stale.

A Hypothesis state machine edits a tiny project (chapters, front matter, citations,
sources, timeline, charts, templates, interface text, site.yaml) the way a writer
does, one save at a time. After every edit it compares, byte for byte and file by file:

- the warm build (`build()` again and again on the same project, with its cache in
  `.storysite-cache/`) with a build from nothing (the cache off, another folder);
- the running preview (one PreviewBuilder, called after each edit) with a preview
  started afresh (the cache off).

When an edit breaks the project, both sides must fail, with the same problems.
The templates read more than the real ones do (TEMPLATE_SNIPPETS, in
staleness_snippets.py), so that a cache key that leaves out something a page may show
is found out.

The edits are rules of three kinds, each in a module of its own: to the chapters
(staleness_content_rules.py), to what they draw on (staleness_data_rules.py) and to
the site around them (staleness_site_rules.py); staleness_edits.py holds what they
write, staleness_outcomes.py the building and comparing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import invariant, run_state_machine_as_test
from staleness_content_rules import ContentEdits
from staleness_data_rules import DataEdits
from staleness_edits import sentence
from staleness_outcomes import assert_agree, cache_setting, fresh_folder, run_build, run_preview
from staleness_site_rules import SiteEdits
from staleness_snippets import TEMPLATE_SNIPPETS

from storysite.cachefile import CACHE_DIR_NAME, FILE_NAME
from storysite.preview import PreviewBuilder

# How long the hunt runs: a step costs two builds of a tiny project (the one from nothing
# about 0.25 s, a third of it compiling the templates; none before the first edit, where
# the warm build is itself one from nothing), and 5 sequences of up to 6 edits take about
# 9 s per machine when nothing is found. Shrinking a failure to a minimal sequence takes
# longer (20-30 s per machine). STORYSITE_HUNT=N runs N times as many sequences (a longer
# hunt before a release: STORYSITE_HUNT=10 tries 50).
SETTINGS = settings(
    derandomize=True,  # the same sequences on every run
    database=None,  # nothing written into the worktree; derandomize finds a failure again
    deadline=None,  # no wall-clock assertions
    max_examples=5 * int(os.environ.get("STORYSITE_HUNT", "1")),
    stateful_step_count=6,
    suppress_health_check=[HealthCheck.too_slow],
    # No "explain" phase: it traces every line while shrinking, which makes each replay
    # of a sequence several times slower, and what it reports is noise here.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    print_blob=False,
)


class ProjectEdits(ContentEdits, DataEdits, SiteEdits):
    """The edits, as rules; the subclasses below say what is compared after each.

    The build and the preview are checked by two machines, not one, so that a failure
    names the one that went stale and each shrinks on its own."""

    def __init__(self, workdir: Path, snippets=tuple(TEMPLATE_SNIPPETS)):
        super().__init__(workdir)
        # Every snippet is in the templates from the start, so that every step is checked
        # against all they read; a failure's diff shows which one went stale. (Letting
        # Hypothesis choose a few would make it spend minutes shrinking the choice.)
        for name in snippets:
            self.toggle_snippet(name)


class WarmBuildHunt(ProjectEdits):
    @invariant()
    def warm_build_equals_a_build_from_nothing(self):
        cached = (self.root / CACHE_DIR_NAME / FILE_NAME).exists()
        with cache_setting(None):
            warm = run_build(self.root)  # the cache in .storysite-cache/, output in _site/
        if not cached:
            return  # this build was itself one from nothing (before the first edit)
        with cache_setting("off"):
            fresh = run_build(self.root, fresh_folder(self.workdir / "fresh-build"))
        assert_agree(warm, fresh, "warm build", "build from nothing")


class RunningPreviewHunt(ProjectEdits):
    def __init__(self, workdir: Path, **options):
        super().__init__(workdir, **options)
        with cache_setting(None):
            self.preview = PreviewBuilder(self.root, self.workdir / "preview", log=io.StringIO())
        self.previewed = False

    @invariant()
    def running_preview_equals_a_preview_started_afresh(self):
        with cache_setting(None):
            kept = run_preview(self.preview)
        if not self.previewed:
            self.previewed = True
            return  # the preview's first build was itself one started afresh (before the first edit)
        with cache_setting("off"):
            afresh = PreviewBuilder(
                self.root, fresh_folder(self.workdir / "fresh-preview"), log=io.StringIO()
            )
            started_afresh = run_preview(afresh)
        assert_agree(kept, started_afresh, "running preview", "preview started afresh")


def test_a_template_that_reads_what_its_page_is_not_given_fails_with_its_line(tmp_path):
    """The bug this file was written for: the edition home was made to show each
    chapter's number of sources, a paragraph citing a new source changed it, and a warm
    build kept the old number. The edition home is given cards, not the chapters' text:
    reading the text there is an error naming the template and line, before and after
    the edit, in a warm build as in a build from nothing; never a stale page."""
    hunt = WarmBuildHunt(tmp_path, snippets=())
    hunt.save("templates/home.html", hunt.read("templates/home.html").replace(
        "{% for chapter in chapters %}\n", "{% for chapter in chapters %}\n({{ chapter.body.notes|length }} sources)\n"
    ))  # fmt: skip
    for _ in range(2):
        warm = run_build(hunt.root)
        assert warm.files is None and any(p.startswith("templates/home.html:") for p in warm.problems), warm
        hunt.warm_build_equals_a_build_from_nothing()
        hunt.append(
            "content/two.en.md", sentence("en", 0, "short", hunt.a_source_not_cited_in("content/two.en.md"))
        )


def test_a_new_source_cited_changes_what_the_chapter_page_shows(tmp_path):
    """The same edit where the count is shown by a page given the chapter whole."""
    hunt = WarmBuildHunt(tmp_path, snippets=["chapter: the neighbours and the notes"])
    hunt.warm_build_equals_a_build_from_nothing()
    assert hunt.a_source_not_cited_in("content/two.en.md") == "alpha"
    hunt.append("content/two.en.md", sentence("en", 0, "short", "alpha"))
    hunt.warm_build_equals_a_build_from_nothing()
    assert "2 notes" in hunt.read("_site/en/two/index.html")


@pytest.mark.slow
def test_a_warm_build_never_shows_stale_output(tmp_path):
    run_state_machine_as_test(lambda: WarmBuildHunt(tmp_path), settings=SETTINGS)


@pytest.mark.slow
def test_the_running_preview_never_shows_stale_output(tmp_path):
    run_state_machine_as_test(lambda: RunningPreviewHunt(tmp_path), settings=SETTINGS)
