"""Build-speed benchmark (issue 6): our generator beside Hugo, Pelican and MkDocs.

For each N it makes the corpus (../shared/bench/make_corpus.py) inside a copy of the
project, then times, each as the median of REPS runs:
  cold  full build, no cache, new empty output folder (whole process, start-up included)
  warm  full build again with nothing changed (same output folder, cache kept)
  edit  one chapter edited in the preview builder, save to rebuilt page (in-process)
  serve the same through the real preview server, save to served page (optional sizes)
and runs ../shared/bench/peers.sh at the same N. The real site is timed too.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import shlex
import sys
import time
from pathlib import Path

import report
import report_tables
import scripts
import serve_latency
from corpus import (
    REAL_CHAPTERS,
    check_corpus_output,
    check_real_output,
    copy_project,
    corpus_project,
    corpus_slugs,
    export_ref,
    html_page_count,
)
from measure import OurBuild, cold_series, warm_series
from options import names, parse_args
from peers import run_peers

BENCH = Path(__file__).resolve().parent
EDIT_LATENCY = BENCH / "edit_latency.py"
MARKDOWN_FLOOR = BENCH / "markdown_floor.py"


def progress(message: str) -> None:
    print(message, flush=True)


def describe(what: str, summary: dict) -> str:
    return (
        f"{what}: median {summary['wall_median_s']:.2f} s "
        f"({summary['wall_min_s']:.2f}–{summary['wall_max_s']:.2f}), "
        f"peak {summary['peak_rss_median_mib']:.0f} MiB"
    )


def checked_page_count(out: Path, check) -> int:
    """Stops the benchmark if our output is wrong; otherwise its number of HTML pages."""
    problems = check(out)
    if problems:
        raise SystemExit("our output failed its check:\n  " + "\n  ".join(problems[:10]))
    return html_page_count(out)


def first_build(build: OurBuild, out: Path, check) -> int:
    """Untimed: proves the build works and its pages are right, and warms the OS caches
    (like peers.sh's warm-up run). Returns the number of HTML pages."""
    build.clear_cache()
    build.run(out)
    return checked_page_count(out, check)


def edit_latency(repo: Path, project: Path, slug: str, edits: int, workdir: Path) -> dict:
    return scripts.run(EDIT_LATENCY, [str(repo), str(project), slug, "--edits", str(edits)], workdir, "edit")


def markdown_floor(repo: Path, project: Path, workdir: Path) -> dict:
    floor = scripts.run(MARKDOWN_FLOOR, [str(repo), str(project)], workdir, "markdown-floor")
    shown = ", ".join(f"{way} {seconds:.2f} s" for way, seconds in floor["floor_s"].items())
    progress(f"  Python-Markdown alone on {floor['cores']} cores, at best: {shown}")
    return floor


def time_ours(repo: Path, project: Path, workdir: Path, reps: int, check, article_pages: int) -> dict:
    build = OurBuild(repo, project, workdir / "logs")
    html_pages = first_build(build, workdir / "check" / "site", check)
    cold = cold_series(build, workdir / "runs", reps).summary(article_pages)
    progress(describe("  ours cold", cold))
    warm = warm_series(build, workdir / "warm" / "site", reps).summary(article_pages)
    progress(describe("  ours warm", warm))
    return {"html_pages": html_pages, "cold": cold, "warm": warm}


def time_ours_cold_only(
    repo: Path, project: Path, workdir: Path, reps: int, check, article_pages: int
) -> dict:
    """Where one build takes many minutes: no untimed warm-up build (the first timed run's
    output is checked instead), no warm builds."""
    build = OurBuild(repo, project, workdir / "logs")
    found = {}

    def inspect(out: Path) -> None:
        found["html_pages"] = checked_page_count(out, check)

    cold = cold_series(build, workdir / "runs", reps, inspect_first=inspect).summary(article_pages)
    progress(describe("  ours cold", cold))
    return {"html_pages": found["html_pages"], "cold": cold, "cold_only": True}


def bench_size(n: int, args: argparse.Namespace, repo: Path) -> dict:
    workdir = args.root / f"n{n}"
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    project = corpus_project(repo, n, workdir)
    slugs = corpus_slugs(project)
    reps = args.reps_at.get(n, args.reps)
    progress(f"N={n}: {len(slugs)} articles per language, {reps} runs each")
    check = functools.partial(check_corpus_output, slugs=slugs)
    if n in args.cold_only_at:
        ours = time_ours_cold_only(repo, project, workdir, reps, check, 2 * n)
        return {"n": n, "reps": reps, "ours": ours, "peers": time_peers(n, args, reps, workdir)}
    ours = time_ours(repo, project, workdir, reps, check, 2 * n)
    if n == report_tables.GOAL_N:
        ours["markdown_floor"] = markdown_floor(repo, project, workdir)
    edits = args.edits_at.get(n, args.edits)
    if edits:
        ours["edit"] = edit_latency(repo, project, slugs[0], edits, workdir)
        progress(f"  ours edit: {[round(s * 1000) for s in ours['edit']['edit_s']]} ms")
    serve_edits = min(args.serve_edits, edits)
    if n in args.serve_sizes and serve_edits:
        log = workdir / "logs" / "serve.log"
        ours["serve"] = serve_latency.measure(repo, project, slugs[0], serve_edits, log)
        progress(f"  ours through serve: {[round(s * 1000) for s in ours['serve']['edit_s']]} ms")
    return {"n": n, "reps": reps, "ours": ours, "peers": time_peers(n, args, reps, workdir)}


def time_peers(n: int, args: argparse.Namespace, reps: int, workdir: Path) -> dict:
    peers = args.peers_at.get(n, names(args.peers))
    if not peers:
        return {}
    rows = run_peers(n, peers, args.root / "peers", reps, workdir / "logs" / "peers.log")
    for peer, row in rows.items():
        wall, peak = row["wall_median_s"], row["peak_rss_median_MiB"]
        progress(
            f"  {peer} cold: median {wall:.2f} s ({row['wall_min_s']:.2f}–{row['wall_max_s']:.2f}), peak {peak:.0f} MiB"
        )
    return rows


def bench_real_site(args: argparse.Namespace, repo: Path) -> dict:
    workdir = args.root / "real"
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    project = copy_project(repo, workdir / "project")
    progress(f"real site: {args.reps} runs each")
    ours = time_ours(repo, project, workdir, args.reps, check_real_output, 0)
    if args.edits:
        ours["edit"] = edit_latency(repo, project, REAL_CHAPTERS[0], args.edits, workdir)
        progress(f"  ours edit: {[round(s * 1000) for s in ours['edit']['edit_s']]} ms")
    return {"ours": ours}


def timed_checkout(args: argparse.Namespace) -> tuple[Path, dict]:
    """The checkout whose generator is timed, and how to name it in the results."""
    if not args.git_ref:
        repo = args.repo.resolve()
        return repo, report.repo_info(repo)
    repo = export_ref(BENCH.parent, args.git_ref, args.root)
    commit = report.command_output("git", "-C", str(BENCH.parent), "rev-parse", "--short", args.git_ref)
    return repo, {"path": str(BENCH.parent), "source": f"git archive {args.git_ref}", "commit": commit}


class Results(dict):
    """Everything measured, saved as JSON and as the Markdown report after each step, so
    an interrupted run keeps what it had."""

    def __init__(self, root: Path, command: str, checkout: dict):
        super().__init__(
            command=command,
            started=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            machine=report.machine_info(),
            repo=checkout,
            load={},  # 1-minute load average before each part: a busy machine shows here
            sizes={},
        )
        self.root = root
        self.clock = time.monotonic()

    def note_load(self, part: str) -> None:
        self["load"][part] = round(os.getloadavg()[0], 2)

    def save(self) -> None:
        self["took_min"] = (time.monotonic() - self.clock) / 60
        (self.root / "results.json").write_text(
            json.dumps(self, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        (self.root / "results.md").write_text(report.render(self), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv, __doc__, BENCH.parent)
    args.root = args.root.resolve()
    args.root.mkdir(parents=True, exist_ok=True)
    repo, checkout = timed_checkout(args)
    command = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    results = Results(args.root, command, checkout)
    if not args.no_real_site:
        results.note_load("real")
        results["real"] = bench_real_site(args, repo)
        results.save()
    for n in args.sizes:
        results.note_load(str(n))
        results["sizes"][str(n)] = bench_size(n, args, repo)
        results.save()
    print()
    print(report.render(results))
    print(f"(also in {args.root / 'results.json'} and {args.root / 'results.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
