"""What share cards and image copies add to a build of the real site.

Times `python build.py build` (one fresh process per run, median of --reps) on a
scratch copy of the real project, cold (no cache, empty output) and warm (cache
and output kept, nothing changed), for this checkout and for a baseline checkout
without cards and copies (e.g. a worktree of main). With --photos N, N generated
photographs (3000 x 2000 JPEG, a few hundred KB each, as a phone takes them) are
added to the first chapter of each edition, so their copies are made and timed
too (the real site has no photographs yet).

    python bench/media_cost.py --baseline ../main [--photos 4] [--reps 3]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PARTS = ("site.yaml", "content", "templates", "static", "translations")


def copy_project(source: Path, target: Path, photos: int) -> None:
    target.mkdir(parents=True)
    for part in PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    if photos:
        add_photos(target, photos)


def add_photos(project: Path, count: int) -> None:
    from PIL import Image

    (project / "content" / "images").mkdir(exist_ok=True)
    lines = []
    for number in range(count):
        noise = Image.effect_noise((3000, 2000), 40 + number).convert("RGB")
        gradient = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
        photo = Image.blend(noise, gradient, 0.6)
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", quality=85)
        (project / "content" / "images" / f"photo-{number}.jpg").write_bytes(buffer.getvalue())
        lines.append(f"\n![Photograph {number}](images/photo-{number}.jpg)\n")
    for chapter in sorted((project / "content").glob("first-shop.*.md")):
        chapter.write_text(chapter.read_text(encoding="utf-8") + "".join(lines), encoding="utf-8")


def build_seconds(repo: Path, project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(repo / "build.py"), "--project", str(project), "build"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def cold_and_warm(repo: Path, project: Path, reps: int) -> tuple[float, float]:
    cold = []
    for _ in range(reps):
        shutil.rmtree(project / ".storysite-cache", ignore_errors=True)
        shutil.rmtree(project / "_site", ignore_errors=True)
        cold.append(build_seconds(repo, project))
    warm = [build_seconds(repo, project) for _ in range(reps)]
    return statistics.median(cold), statistics.median(warm)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout without cards and copies")
    parser.add_argument("--photos", type=int, default=0)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    print(f"real site{f' + {args.photos} photographs' if args.photos else ''}, median of {args.reps} runs")
    print("| checkout | cold s | warm s |\n|---|---|---|")
    for name, repo in (("baseline", args.baseline.resolve()), ("this", HERE)):
        with tempfile.TemporaryDirectory(prefix="storysite-media-") as scratch:
            project = Path(scratch) / "site"
            copy_project(repo, project, args.photos)  # the baseline copies them as they are
            cold, warm = cold_and_warm(repo, project, args.reps)
            print(f"| {name} | {cold:.2f} | {warm:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
