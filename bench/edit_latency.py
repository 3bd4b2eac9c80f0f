"""Save-to-rebuilt-page latency of the preview builder, measured in-process.

usage: edit_latency.py REPO PROJECT SLUG [--edits 7] [--json FILE]

Imports PreviewBuilder from REPO's generator (the one being benchmarked), builds the
whole preview once, then EDITS times: appends a marked paragraph to
PROJECT/content/SLUG.en.md, calls the builder and times that (write included), and
checks that the marker is in the rebuilt out/en/SLUG/index.html. Then EDITS times
again as the server does it (`scan_and_rebuild_s`): the watcher's scan that notices
the save, then the rebuild it calls for (reading the files as that scan saw them,
where the generator can). The chapter file is restored afterwards. Prints (or writes) JSON. Run by run.py in a process of its own,
so the generator imported is REPO's and the peak memory is the preview's alone.
"""

from __future__ import annotations

import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

import scripts


def timed_call(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def tidy(builder) -> None:
    """What the server does once it has told the browsers to reload: after the page is out.
    (Commits before the preview had tidy() collected garbage inside the rebuild.)"""
    if hasattr(builder, "tidy"):
        builder.tidy()


def settle(repo: Path) -> None:
    """What the server does after its first build, where it does (serve.settle_heap)."""
    serve = scripts.import_generator(repo, "serve")
    if hasattr(serve, "settle_heap"):
        serve.settle_heap()


def edit_and_rebuild(builder, chapter: Path, page: Path, number: int) -> float:
    marker = f"bench-edit-{number}-{secrets.token_hex(4)}"
    started = time.perf_counter()
    with open(chapter, "a", encoding="utf-8") as handle:
        handle.write(f"\n\nAn edited paragraph, {marker}.\n")
    ok = builder()
    elapsed = time.perf_counter() - started
    tidy(builder)
    if not ok:
        raise SystemExit(f"the preview rebuild after edit {number} failed")
    if marker not in page.read_text(encoding="utf-8"):
        raise SystemExit(f"edit {number}: {page} was not rebuilt (marker {marker} not found)")
    return elapsed


class ServerSave:
    """A save as the preview server handles it: the watcher's scan, then the rebuild."""

    def __init__(self, repo: Path, project: Path, builder):
        watcher = scripts.import_generator(repo, "watcher")
        self.builder = builder
        self.watcher = watcher.SaveWatcher([project / name for name in watcher.WATCHED], builder.cache.files)

    def __call__(self) -> bool:
        if not self.watcher.changed():
            raise SystemExit("the watcher did not see the save")
        holding = getattr(self.builder.cache.files, "holding", None)
        if holding is None:  # a generator whose rebuild reads the files again itself
            return self.builder()
        with holding(self.watcher.seen):
            return self.builder()


def measure(repo: Path, project: Path, slug: str, edits: int) -> dict:
    preview_builder = scripts.import_generator(repo, "serve").PreviewBuilder
    chapter = project / "content" / f"{slug}.en.md"
    original = chapter.read_bytes()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as temp:
        out = Path(temp) / "site"
        builder = preview_builder(project, out)
        first_build_s, ok = timed_call(builder)
        tidy(builder)
        settle(repo)
        if not ok:
            raise SystemExit("the first preview build failed")
        page = out / "en" / slug / "index.html"
        try:
            edit_s = [edit_and_rebuild(builder, chapter, page, number) for number in range(1, edits + 1)]
            server_save = ServerSave(repo, project, builder)
            scan_s = [edit_and_rebuild(server_save, chapter, page, edits + n) for n in range(1, edits + 1)]
        finally:
            chapter.write_bytes(original)
    return {
        "slug": slug,
        "first_build_s": first_build_s,
        "edit_s": edit_s,
        "scan_and_rebuild_s": scan_s,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # the largest of any worker processes the builder forked and waited for
        "workers_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> int:
    parser = scripts.parser(__doc__)
    parser.add_argument("slug", help="chapter to edit: content/SLUG.en.md")
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    return scripts.emit(
        measure(args.repo.resolve(), args.project.resolve(), args.slug, args.edits), args.json
    )


if __name__ == "__main__":
    sys.exit(main())
