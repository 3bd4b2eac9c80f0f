"""The preview build: drafts included, rebuilt on every save, broken saves shown in the browser.

The builder keeps its cache in memory between saves, so a save re-renders only
what depends on the changed file (the cache keys say what that is), and it
writes only the files whose bytes changed. When a save breaks the build, the
last good preview stays in place and `failure` holds the problems, which the
server shows on every page until a save fixes them.
"""

from __future__ import annotations

import html
import os
import sys
import time
from pathlib import Path

from .cache import project_cache
from .config import load_config
from .errors import Problem, Problems, SiteError
from .output import update_site, write_site
from .pending import Pending
from .pipeline import PREVIEWED, render_pages
from .search import BUNDLE, SearchInput, index_language, published_index
from .sharing import CardsDrawn, start_drawing

CONTEXT_LINES = 2  # source lines shown above and below the offending one
MAX_SHOWN = 20  # problems shown in the overlay; the terminal has them all
QUIET_SECONDS = 1.0  # without a save, before the search index is made again


class PreviewBuilder:
    """Called once to build, then once per burst of saves. -> True when the build worked."""

    def __init__(self, project: Path, out: Path, log=sys.stderr):
        self.project = project
        self.out = out
        self.log = log
        self.cache = project_cache(project)  # kept between saves: its file reader too
        self.written: dict[str, bytes] | None = None
        self.failure: list[Problem] = []
        self.warned: set[Problem] = set()
        self.base_path = "/"  # the URL path the pages link under, from site.yaml's base_url
        self.banners: dict[str, bytes] = {}  # html lang -> the banner the server puts on pages
        # The search index is made in the background once saves pause (a second without
        # one), so that a save reaches the browser first and a burst of saves does not
        # index the site again and again; step_index() does it between saves.
        self.indexing: Pending | None = None  # Pagefind at work (Cache.start)
        self.indexing_for: tuple[SearchInput, ...] = ()  # on what, a language each
        self.to_index = None  # what the next index is to be made from
        self.built_at = 0.0
        self.indexed = None  # what the published index was made from
        self.index_paths: set[str] = set()  # its files
        # What a save writes of the index: the last published and the one before it,
        # kept while pages change.
        self.index_files: list[tuple[str, bytes]] = []

    def __call__(self) -> bool:
        problems = Problems()
        try:
            config = load_config(self.project, self.out, self.cache.files)
            rendered = render_pages(config, problems, self.cache, PREVIEWED)
            with start_drawing(rendered.cards, self.cache) as cards:
                self._write(rendered.files + self.index_files, cards)
            self.to_index = rendered.search if rendered.search != self.indexed else None
            self.built_at = time.monotonic()
            self.base_path = config.base_path
            self.banners = rendered.banners
        except SiteError as exc:
            self.failure = exc.problems
            self._report(exc.problems)
            kept = "still serving the last good build" if self.written is not None else "nothing to serve yet"
            print(f"preview not updated: {kept}; the browser shows the problem", file=self.log)
            return False
        self.failure = []
        warnings = problems.warnings
        current = set(warnings)  # hashed once: a corpus of 1,000 chapters can warn a thousand times
        new = current - self.warned
        if new:
            self._report([w for w in warnings if w in new])
        repeated = len(self.warned & current)
        self.warned = current
        print("preview rebuilt" + (f" ({repeated} warning(s) as before)" if repeated else ""), file=self.log)
        return True

    def _write(self, outputs: list[tuple[str, bytes]], cards: CardsDrawn) -> None:
        """The first time, the whole folder, the pages written while the cards are drawn
        (as a build does); then only what changed, file by file. A folder gone since
        (removed by a clean-up of /tmp, or by hand) is written whole again: written
        file by file, it held only what the save changed."""
        if self.written is None or not self.out.is_dir():
            write_site(outputs, self.out, later=[cards])
            self.written = dict(outputs + cards.result())
            self.cache.save()  # the next start of the server begins warm
        else:
            self.written = update_site(outputs + cards.result(), self.out, self.written)
            self.cache.forget_unused()

    def lost_its_folder(self) -> bool:
        """The preview folder of a good build is gone: every page would answer 404."""
        return self.written is not None and not self.failure and not self.out.is_dir()

    def step_index(self) -> bool:
        """Start the search index once saves pause, and publish it once made (called
        between saves, on the server's thread, so that it never writes while a build
        does). -> True when an index was published."""
        if self.indexing is None:
            if self.to_index is not None and time.monotonic() - self.built_at >= QUIET_SECONDS:
                # Looked up in the cache like any result (a language whose records a save
                # left alone is found there), the misses made by Pagefind in a thread.
                self.indexing_for, self.to_index = self.to_index, None
                self.indexing = self.cache.start(index_language, self.indexing_for)
            return False
        if not self.indexing.done() or self.written is None:
            return False
        started, self.indexing = self.indexing, None
        try:
            files = list(published_index(started.results()))
        except SiteError as exc:
            self._report(exc.problems)
            print("search index not updated: the preview keeps the last one", file=self.log)
            return False
        # The last index stays beside the new one: a search page opened before holds
        # its entry file and still finds the chunks that entry names.
        new = {path for path, _ in files}
        kept = [
            (path, data)
            for path, data in self.written.items()
            if path not in new and (not path.startswith(BUNDLE + "/") or path in self.index_paths)
        ]
        self.written = update_site(kept + files, self.out, self.written)
        self.index_files = [
            (path, data) for path, data in self.written.items() if path.startswith(BUNDLE + "/")
        ]
        self.index_paths = new
        self.indexed = self.indexing_for
        return True

    def _report(self, problems) -> None:
        for problem in sorted(problems, key=lambda p: p.sort_key):
            print(problem, file=self.log)

    def overlay(self) -> str:
        """The HTML shown over every page while the last save is broken ('' when it is not)."""
        if not self.failure:
            return ""
        items = "".join(self._overlay_item(p) for p in self.failure[:MAX_SHOWN])
        more = len(self.failure) - MAX_SHOWN
        rest = f"<p>…and {more} more in the terminal.</p>" if more > 0 else ""
        if self.written is None:  # broken from the start: there is no earlier version to show
            heading, lead = "The preview could not be built", "Nothing has built yet."
        else:
            heading, lead = "The last save broke the build", "This page is the last version that built."
        return OVERLAY.format(heading=heading, lead=lead, count=len(self.failure), items=items, rest=rest)

    def _overlay_item(self, problem: Problem) -> str:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        excerpt = self._excerpt(problem.path, problem.line)
        return (
            f'<li><p class="sp-where">{html.escape(where)}</p>'
            f'<p class="sp-message">{html.escape(problem.message)}</p>{excerpt}</li>'
        )

    def _excerpt(self, path: str, line: int | None) -> str:
        """The offending line with a little context, read from the project only."""
        lines = _read_lines(self.project, path)
        if not line or not lines or line > len(lines):
            return ""
        first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
        rows = []
        for number in range(first, last + 1):
            mark = ' class="sp-bad"' if number == line else ""
            text = html.escape(lines[number - 1].replace("\0", "\ufffd"))  # a NUL is no text a page may hold
            rows.append(f'<span{mark}><span class="sp-no">{number}</span>{text}</span>')
        return f'<pre class="sp-source">{"".join(rows)}</pre>'


def _read_lines(project: Path, path: str) -> list[str]:
    root = os.path.realpath(project)
    target = os.path.realpath(os.path.join(root, path))
    if os.path.commonpath([root, target]) != root or not os.path.isfile(target):
        return []
    if os.path.getsize(target) > 4 * 1024 * 1024:
        return []
    with open(target, encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


OVERLAY = """
<div id="storysite-problems" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;
background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem">
<style>
#storysite-problems ol{{margin:0;padding:0;list-style:none;max-width:60rem}}
#storysite-problems li{{margin:0 0 1.5rem;padding:1rem;background:#2b1d1d;border-left:4px solid #ff6b6b}}
#storysite-problems .sp-where{{font:600 15px/1.4 ui-monospace,monospace;margin:0;color:#ffb3b3}}
#storysite-problems .sp-message{{margin:.25rem 0 .5rem}}
#storysite-problems pre{{margin:0;padding:.5rem;background:#111;color:#ddd;overflow:auto;
font:13px/1.5 ui-monospace,monospace}}
#storysite-problems pre>span{{display:block;white-space:pre}}
#storysite-problems .sp-bad{{background:#5c1f1f;color:#fff}}
#storysite-problems .sp-no{{display:inline-block;width:3.5em;color:#888;user-select:none}}
</style>
<h2 style="margin:0 0 .25rem;font-size:1.4rem">{heading} ({count} problem(s))</h2>
<p style="margin:0 0 1.5rem">{lead} Fix the file and save: the preview reloads by itself.</p>
<ol>{items}</ol>{rest}
</div>
"""
