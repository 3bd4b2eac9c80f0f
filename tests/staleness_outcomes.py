"""Building and comparing, for the staleness hunt: a build or a preview run to an
Outcome (every output file, or the problems it reported), and the message that says
where a kept build and one from nothing differ."""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from projects import snapshot

from storysite.errors import SiteError
from storysite.pipeline import build
from storysite.preview import PreviewBuilder


@contextlib.contextmanager
def cache_setting(value: str | None):
    """STORYSITE_CACHE set (or unset) for a while; project_cache() reads it at each call."""
    before = os.environ.get("STORYSITE_CACHE")
    if value is None:
        os.environ.pop("STORYSITE_CACHE", None)
    else:
        os.environ["STORYSITE_CACHE"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("STORYSITE_CACHE", None)
        else:
            os.environ["STORYSITE_CACHE"] = before


@dataclass(frozen=True)
class Outcome:
    """What a build made: every output file, or (when it failed) the problems it reported."""

    files: dict[str, bytes] | None
    problems: tuple[str, ...] = ()


def run_build(project: Path, output: Path | None = None) -> Outcome:
    try:
        result = build(project, output)
    except SiteError as exc:
        return Outcome(None, tuple(map(str, exc.problems)))
    files = snapshot(output or project / "_site")
    files["(warnings)"] = "\n".join(sorted(map(str, result.warnings))).encode()  # they must agree too
    return Outcome(files)


def run_preview(builder: PreviewBuilder) -> Outcome:
    worked = builder()
    if not worked:
        return Outcome(None, tuple(sorted(map(str, builder.failure))))
    return Outcome(snapshot(builder.out))


def fresh_folder(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def assert_agree(kept: Outcome, fresh: Outcome, kept_name: str, fresh_name: str) -> None:
    problem = difference(kept, fresh, kept_name, fresh_name)
    if problem:
        raise AssertionError(problem)  # not `assert`: pytest would print the message twice


def difference(kept: Outcome, fresh: Outcome, kept_name: str, fresh_name: str) -> str | None:
    """None if the outcomes agree; else a message naming the differing output files,
    with a short diff of the first."""
    if kept.files is None or fresh.files is None:
        if kept == fresh:
            return None  # both failed, with the same problems
        return "\n".join(
            [f"the {kept_name} and a {fresh_name} disagree on whether the project builds:"]
            + [f"  {name}: {describe(outcome)}" for name, outcome in ((kept_name, kept), (fresh_name, fresh))]
        )
    only_kept = sorted(kept.files.keys() - fresh.files.keys())
    only_fresh = sorted(fresh.files.keys() - kept.files.keys())
    changed = sorted(
        name for name in kept.files.keys() & fresh.files.keys() if kept.files[name] != fresh.files[name]
    )
    if not (only_kept or only_fresh or changed):
        return None
    lines = [f"stale output: the {kept_name} differs from a {fresh_name} in"]
    lines += [f"  {name}" for name in changed]
    lines += [f"  {name} (only in the {kept_name})" for name in only_kept]
    lines += [f"  {name} (only in the {fresh_name})" for name in only_fresh]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            fresh.files[first].decode("utf-8", "replace").splitlines(),
            kept.files[first].decode("utf-8", "replace").splitlines(),
            f"{first} ({fresh_name})",
            f"{first} ({kept_name})",
            n=1,
            lineterm="",
        )
        lines += ["", *list(diff)[:40]]
    return "\n".join(lines)


def describe(outcome: Outcome) -> str:
    return "built" if outcome.files is not None else "failed: " + "; ".join(outcome.problems)
