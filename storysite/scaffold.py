"""`python build.py new <slug>`: a new chapter in every language, never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import content, translation
from .config import load_config
from .errors import Problems, SiteError
from .schema import SLUG_RE

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
    if not SLUG_RE.match(slug) or len(slug) > 100 or slug in content.RESERVED_PAGES:
        raise SiteError.single(
            f"content/{slug}", None,
            "is not a valid slug: use lowercase ASCII letters, digits and single hyphens, e.g. 'night-market'",
        )  # fmt: skip
    paths = [config.content_dir / f"{slug}.{lang}.md" for lang in config.languages]
    taken = [p for p in paths if p.exists()]
    if taken:
        raise SiteError.single(
            taken[0].relative_to(project).as_posix(), None, "already exists; choose another slug"
        )
    order = _next_order(config)
    date = (today or dt.date.today()).isoformat()
    for lang, path in zip(config.languages, paths, strict=True):
        path.write_text(_chapter_text(lang, slug, order, date), encoding="utf-8", newline="\n")
    return paths


def _next_order(config) -> int:
    problems = Problems()
    files = content.discover(config.content_dir, config.project, config.languages, problems)
    orders = [
        doc.meta.get("order") or 0
        for source in files
        if source.lang == config.original_language
        and (doc := content.parse(source, config.languages, problems))
    ]
    return max(orders, default=0) + 1


def _chapter_text(lang: str, slug: str, order: int, date: str) -> str:
    title, summary = PLACEHOLDER.get(lang, PLACEHOLDER["en"])
    lines = ["---", HINT, f"title: {title}", f"summary: {summary}", f"order: {order}", f"updated: {date}"]
    lines.append("draft: true  # shown only in the preview until you delete this line")
    if lang != "en":
        lines.insert(
            1, f"{translation.NEEDS_TRANSLATION} when done, run python build.py status --mark {slug}"
        )
    return "\n".join(lines + ["---", BODY.get(lang, BODY["en"])])
