"""bench/run.py's command line: the sizes, the peers, the runs, and the settings that
differ for one size (N=VALUE)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def per_size(values: list[str], convert) -> dict[int, object]:
    """['5000=hugo'] -> {5000: convert('hugo')}: settings that differ for one N."""
    overrides = {}
    for value in values:
        size, _, setting = value.partition("=")
        overrides[int(size)] = convert(setting)
    return overrides


def names(text: str) -> list[str]:
    return [name for name in text.split(",") if name]


def parse_args(argv: list[str] | None, description: str, this_checkout: Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes N (default 100,1000,5000)")
    parser.add_argument("--peers", default="hugo,pelican,mkdocs", help="peers.sh peers ('' for none)")
    parser.add_argument(
        "--peers-at", action="append", metavar="N=PEERS", help="peers for one size (default 5000=hugo)"
    )
    parser.add_argument("--reps", type=int, default=int(os.environ.get("REPS", 5)), help="timed runs (5)")
    parser.add_argument("--reps-at", action="append", default=[], metavar="N=REPS", help="runs for one size")
    parser.add_argument("--edits", type=int, default=7, help="timed preview edits (7)")
    parser.add_argument(
        "--edits-at", action="append", default=[], metavar="N=EDITS", help="edits for one size"
    )
    parser.add_argument(
        "--cold-only-at",
        action="append",
        type=int,
        default=[],
        metavar="N",
        help="at this N time cold builds only, with no warm-up: for sizes where a build takes many minutes",
    )
    parser.add_argument("--serve-sizes", default="1000", help="sizes timed through `serve` ('' for none)")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits through `serve` (3)")
    parser.add_argument("--no-real-site", action="store_true", help="skip timing the real site")
    parser.add_argument("--root", type=Path, default=Path("/tmp/storysite-bench"), help="scratch folder")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--repo", type=Path, default=this_checkout, help="checkout to time (default: this one)"
    )
    source.add_argument(
        "--git-ref", help="time this commit of this checkout instead (exported with git archive)"
    )
    return _per_size_values(parser.parse_args(argv))


def _per_size_values(args: argparse.Namespace) -> argparse.Namespace:
    """The comma lists and N=VALUE options as lists and dicts."""
    args.sizes = [int(n) for n in names(args.sizes)]
    args.peers_at = per_size(args.peers_at or ["5000=hugo"], names)
    args.reps_at = per_size(args.reps_at, int)
    args.edits_at = per_size(args.edits_at, int)
    args.serve_sizes = [int(n) for n in names(args.serve_sizes)]
    return args
