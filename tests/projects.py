"""Tiny bilingual projects written from strings, and what tests do with them: build
with the real command line's main() in this process (Project.run), or, for the few
tests that need a real process, with `python build.py` itself (Project.run_subprocess)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from storysite import cli, markup

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
base_url: https://example.org/story/
feed_id: tag:example.org,2026:story
languages: [en, zh]
title: {en: Test Story, zh: 测试故事}
standfirst: {en: A story in two languages., zh: 一个双语故事。}
author: {en: Test Desk, zh: 测试编辑部}
"""

SOURCES_YAML = """\
alpha:
  outlet: {en: Alpha Daily, zh: 阿尔法日报}
  headline: Alpha headline
  date: 2021-05-12
  language: en
  note: A test source.
beta:
  outlet: Beta News
  headline: 贝塔标题
  headline_en: Beta headline
  date: "2017"
  language: zh
  url: https://beta.example.org/story
  note: {en: Another source., zh: 另一个来源。}
"""


def chapter(title: str, order: int | None, body: str, **extra) -> str:
    lines = ["---", f"title: {title}", f"summary: Summary of {title}."]
    if order is not None:
        lines.append(f"order: {order}")
    lines.append("updated: 2026-11-20")
    lines.extend(f"{key}: {value}" for key, value in extra.items())
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body).lstrip("\n")


DEFAULT_FILES = {
    "site.yaml": SITE_YAML,
    "content/sources.yaml": SOURCES_YAML,
    "content/one.en.md": chapter(
        "One",
        1,
        "## The start\n\nFirst fact [@alpha]. Second [@alpha; @beta].\n\nSee [two](two.en.md#later).\n",
    ),
    "content/one.zh.md": chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n"),
    "content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n"),
    "content/two.zh.md": chapter("第二章", 2, "## 后来\n\n更多[@alpha]。\n"),
}


LABELS = {  # what a build reads from the interface text: note and aside labels, asides heading
    "en": {"note_label": "Note ", "aside_label": "Aside ", "back_to_aside": "Back to aside %(letter)s",
           "asides_heading": "Asides"},
    "zh": {"note_label": "注", "aside_label": "补充说明", "back_to_aside": "返回补充说明 %(letter)s",
           "asides_heading": "补充说明"},
}  # fmt: skip


def markup_context(
    lang: str = "en",
    chart_html=lambda chart_id: "<figure>chart</figure>",
    map_html=lambda map_id: "<figure>map</figure>",
):
    """A Markdown rendering context like the one a build makes, without a project."""
    return markup.Context(
        lang=lang,
        **LABELS[lang],
        chapter_url=lambda slug, to: f"/{to}/{slug}/",
        media_url=lambda path: "/" + path,
        chart_html=chart_html,
        map_html=map_html,
    )


def image_bytes(width: int, height: int, fmt: str = "JPEG", seed: int = 0) -> bytes:
    """A real image of the given size and format: a gradient, different for each seed."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.merge("RGB", (image.getchannel(0), image.getchannel(1).point(lambda v: (v + seed * 40) % 256),
                                image.getchannel(2).transpose(Image.Transpose.FLIP_LEFT_RIGHT)))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def build_py(*args: str) -> list[str]:
    """The command line as an editor types it: `python build.py ...`."""
    return [sys.executable, str(REPO / "build.py"), *args]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: {relative path: bytes}."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def assert_clear_failure(result) -> None:
    """What an editor must see when the project is at fault: exit code 1, our messages, no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr


@contextlib.contextmanager
def environment(overrides: dict[str, str] | None):
    """os.environ with `overrides` for the duration of the block, then as it was."""
    overrides = overrides or {}
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _exit_status(code) -> tuple[int, str]:
    """SystemExit's code as the process's exit status, and what Python would print for it."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace the first `old` in a file by `new`; `old` must be there."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="\n")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    @property
    def out(self) -> Path:
        return self.root / "_site"

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The command line's main(), in this process, its output captured: what the
        editor would see, without starting Python again. `env` overrides os.environ
        for the duration of the call."""
        argv = ["--project", str(self.root), *args]
        stdout, stderr = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        with environment(env), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: --help, a bad argument
                code, message = _exit_status(exc.code)
                stderr.write(message)
            finally:
                os.chdir(cwd)
        return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())

    def run_subprocess(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The real command line, in its own process, as an editor runs it."""
        return subprocess.run(
            build_py("--project", str(self.root), *args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, **(env or {})},
            timeout=120,
        )

    def build(self, *args: str) -> subprocess.CompletedProcess:
        result = self.run("build", *args)
        assert result.returncode == 0, result.stderr
        return result

    def page(self, url_path: str) -> str:
        path = self.out / url_path.strip("/")
        if path.suffix == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def leftovers(project: Project) -> list[str]:
    """Hidden folders a build leaves beside the output folder: none once it has finished."""
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith("._site") and p.is_dir())


PROJECT_PARTS = ("site.yaml", "content", "templates", "static", "translations")  # what `serve` watches


def new_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Project:
    """A project in `root` with the real templates, static files and interface text, and
    DEFAULT_FILES as its content, changed by `files` (None: the file is left out)."""
    for folder in ("templates", "static", "translations"):
        shutil.copytree(REPO / folder, root / folder)
    project = Project(root)
    for rel, text in {**DEFAULT_FILES, **(files or {})}.items():
        if text is not None:
            project.write(rel, text)
    return project
