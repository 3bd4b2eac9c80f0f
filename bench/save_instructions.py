"""Machine instructions per preview save: a measure that the machine's noise cannot move.

usage: save_instructions.py REPO PROJECT SLUG [--saves 5] [--json FILE]

On a shared machine the same save takes anything from 150 to 300 ms from one minute to
the next, so a change of a tenth cannot be seen in wall time. Instructions can: this
runs edit_latency's builder under Valgrind's callgrind, counting only while a save runs
(each save is called through functools.reduce, the one C function callgrind is told to
count inside), and prints each save's count and their median. Needs `valgrind`
(Debian: apt-get install valgrind); about a minute at N = 200. Python's hash seed is
fixed, so two runs of one commit agree to a few parts in a thousand, except when the
garbage collector's full pass falls inside a save (the largest counts).
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import scripts

COUNTED = "functools_reduce"  # the C function inside which callgrind counts


def saves_under_callgrind(repo: Path, project: Path, slug: str, saves: int) -> list[int]:
    with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as temp:
        out = Path(temp) / "callgrind.%p"
        command = [
            "valgrind", "--tool=callgrind", f"--toggle-collect={COUNTED}", f"--dump-after={COUNTED}",
            f"--callgrind-out-file={out}", f"--log-file={Path(temp) / 'valgrind.log'}",
            sys.executable, __file__, "--inside",
            str(repo), str(project), slug, "--saves", str(saves),
        ]  # fmt: skip
        environment = os.environ | {"PYTHONHASHSEED": "0"}
        with subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL) as process:
            if process.wait():
                log = (Path(temp) / "valgrind.log").read_text(encoding="utf-8", errors="replace")
                raise SystemExit(f"the saves under callgrind failed:\n{log[-2000:]}")
        # the builder's own dumps, not those of the workers its first build forked
        ours = [path for path in Path(temp).iterdir() if path.name.split(".")[1] == str(process.pid)]
        counts = [_total(path) for path in ours]
    # Libraries call functools.reduce too (a few thousand instructions a call): a save
    # is millions, so a dump under a hundredth of the largest is not a save.
    return sorted(count for count in counts if count > max(counts, default=0) / 100)


def _total(dump: Path) -> int:
    """The instructions a dump holds (0 for the dumps of the first build's workers)."""
    for line in dump.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return 0


def save_inside(repo: Path, project: Path, slug: str, saves: int) -> None:
    """What runs under callgrind: the first build uncounted, then each save counted."""
    serve = scripts.import_generator(repo, "serve")
    chapter = project / "content" / f"{slug}.en.md"
    original = chapter.read_bytes()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as temp:
        builder = serve.PreviewBuilder(project, Path(temp) / "site", log=io.StringIO())
        if not builder():
            raise SystemExit("the first preview build failed")
        if hasattr(serve, "settle_heap"):
            serve.settle_heap()
        try:
            for number in range(saves):
                with open(chapter, "a", encoding="utf-8") as handle:
                    handle.write(f"\n\nAn edited paragraph, number {number}.\n")
                if not functools.reduce(lambda _, __: builder(), [0], None):
                    raise SystemExit(f"save {number} failed")
                builder.log = io.StringIO()
        finally:
            chapter.write_bytes(original)


def main() -> int:
    parser = scripts.parser(__doc__)
    parser.add_argument("slug", help="chapter to edit: content/SLUG.en.md")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    repo, project = args.repo.resolve(), args.project.resolve()
    if args.inside:
        save_inside(repo, project, args.slug, args.saves)
        return 0
    counts = saves_under_callgrind(repo, project, args.slug, args.saves)
    return scripts.emit(
        {"slug": args.slug, "instructions": counts, "median": statistics.median(counts)}, args.json
    )


if __name__ == "__main__":
    sys.exit(main())
