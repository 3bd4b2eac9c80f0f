"""`python build.py new <slug>`: a new chapter in every language, never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import chapterfiles, content, translation
from .config import load_config
from .errors import Problems, SiteError
from .files import FileReader
from .slugs import slug_problem

PLACEHOLDER = {
    "en": ("New chapter", "One or two sentences that tell readers what this chapter is about."),
    "zh": ("新的一章", "用一两句话告诉读者这一章讲什么。"),
}
BODY = {
    "en": "## First section\n\nWrite here.\n",
    "zh": "## 第一节\n\n在这里写正文。\n",
}
HINT = "# cite every figure and date in the text as [@id], with an id from content/sources.yaml"


def new_chapter(project: Path, slug: str, today: dt.date | None = None) -> list[Path]:
    config = load_config(project)
    problem = slug_problem(slug)
    if slug in content.SITE_PAGES:
        problem = content.taken_slug(slug)
    if problem:
        raise SiteError.single(f"content/{slug}", None, problem)
    paths = [config.content_dir / f"{slug}.{lang}.md" for lang in config.authored_languages]
    taken = [p for p in paths if p.exists()]
    if taken:
        raise SiteError.single(
            taken[0].relative_to(project).as_posix(), None, "already exists; choose another slug"
        )
    order = _next_order(config)
    date = (today or dt.date.today()).isoformat()
    config.content_dir.mkdir(exist_ok=True)
    for lang, path in zip(config.authored_languages, paths, strict=True):
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(_chapter_text(lang, slug, order, date, lang != config.original_language))
    return paths


def _next_order(config) -> int:
    problems = Problems()
    reader = FileReader(config.project)
    files = chapterfiles.discover(config.content_dir, config.project, config.languages, reader, problems)
    # Every language's: a chapter written in Chinese only gives its own order, and a
    # translation may give one too; the new chapter must clash with none of them.
    orders = [doc.meta.order or 0 for file in files if (doc := content.parse(file, config.languages)[0])]
    return max(orders, default=0) + 1


def _chapter_text(lang: str, slug: str, order: int, date: str, is_translation: bool) -> str:
    title, summary = PLACEHOLDER.get(lang, PLACEHOLDER["en"])
    lines = ["---", HINT, f"title: {title}", f"summary: {summary}", f"order: {order}"]
    lines += [f"published: {date}  # the day it goes online: change it then", f"updated: {date}"]
    lines.append("draft: true  # shown only in the preview until you delete this line")
    if is_translation:
        lines.insert(
            1, f"{translation.NEEDS_TRANSLATION} when done, run python build.py status --mark {slug}"
        )
    return "\n".join(lines + ["---", BODY.get(lang, BODY["en"])])
