"""Profile one cold build of the N-article corpus (default N = 1,000).

usage: python bench/profile_build.py [--n 1000] [--tool both|pyinstrument|cprofile] [--top 25]
                                     [--root DIR] [--repo DIR | --git-ref REF]

The build runs in this process through the generator's own command line
(`storysite.cli.main`), imports included, with no cache and a new output folder.
pyinstrument (if installed) shows where the time goes as a call tree; cProfile lists the functions with the most own time and the most
cumulative time. Full reports are kept under ROOT/profile/.

(Not named profile.py: that would shadow the standard library module cProfile imports.)
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import importlib.util
import io
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

from corpus import CACHE_DIR, corpus_project, export_ref

BENCH = Path(__file__).resolve().parent


def build_command(project: Path, out: Path):
    """A callable doing `build.py --project P build --output OUT` in this process."""

    def build() -> None:
        cli = importlib.import_module("storysite.cli")  # imported inside the profile, like a real start
        with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stderr(sink):
            status = cli.main(["--project", str(project), "build", "--output", str(out)])
        if status != 0:
            raise SystemExit(f"the profiled build exited {status}")

    return build


def fresh_build(project: Path, scratch: Path):
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    return build_command(project, Path(tempfile.mkdtemp(prefix="out-", dir=scratch)))


def forget_generator() -> None:
    """Drop the generator's modules so the next profile imports them afresh too."""
    for name in [name for name in sys.modules if name == "storysite" or name.startswith("storysite.")]:
        del sys.modules[name]


def with_pyinstrument(build, reports: Path) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    build()
    profiler.stop()
    (reports / "pyinstrument.html").write_text(profiler.output_html(), encoding="utf-8")
    tree = profiler.output_text(unicode=True, color=False)
    (reports / "pyinstrument.txt").write_text(tree, encoding="utf-8")
    return "== pyinstrument: call tree ==\n" + tree


def with_cprofile(build, reports: Path, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(build)
    profiler.dump_stats(reports / "cprofile.prof")
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    text.write("== cProfile: own time ==\n")
    stats.sort_stats("tottime").print_stats(top)
    text.write("== cProfile: cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(top)
    (reports / "cprofile.txt").write_text(text.getvalue(), encoding="utf-8")
    return text.getvalue()


def pyinstrument_installed() -> bool:
    return importlib.util.find_spec("pyinstrument") is not None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="articles per language (1000)")
    parser.add_argument("--tool", choices=("both", "pyinstrument", "cprofile"), default="both")
    parser.add_argument("--top", type=int, default=25, help="cProfile rows to print (25)")
    parser.add_argument("--root", type=Path, default=Path("/tmp/storysite-bench"), help="scratch folder")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--repo", type=Path, default=BENCH.parent, help="checkout to profile (default: this one)"
    )
    source.add_argument("--git-ref", help="profile this commit instead (exported with git archive)")
    args = parser.parse_args()

    root = args.root.resolve()
    scratch = root / "profile"
    repo = export_ref(BENCH.parent, args.git_ref, root) if args.git_ref else args.repo.resolve()
    project = corpus_project(repo, args.n, scratch)
    sys.path.insert(0, str(repo))  # the profiled generator wins over an installed one
    found = importlib.util.find_spec("storysite").origin
    if Path(found).resolve().parent != (repo / "storysite").resolve():
        raise SystemExit(f"would profile {found}, not {repo}/storysite")
    tools = ["pyinstrument", "cprofile"] if args.tool == "both" else [args.tool]
    if "pyinstrument" in tools and not pyinstrument_installed():
        print(
            "pyinstrument is not installed (pip install pyinstrument): using cProfile only", file=sys.stderr
        )
        tools = ["cprofile"]
    for tool in tools:
        forget_generator()
        build = fresh_build(project, scratch)
        if tool == "pyinstrument":
            print(with_pyinstrument(build, scratch))
        else:
            print(with_cprofile(build, scratch, args.top))
    print(f"full reports in {scratch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
