"""The last check of `check`: every internal link and anchor of the rendered site resolves.

Links written in Markdown are checked at their source line (markup.py); this
pass catches what templates link to, over the finished pages.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .errors import Problem

HREF_RE = re.compile(rb'\s(?:href|src)="([^"]*)"')
ID_RE = re.compile(rb'\sid="([^"]*)"')


def broken_links(outputs: list[tuple[str, bytes]], base_url: str, shown_as: str) -> list[Problem]:
    """Links from an HTML page to a page or #anchor of this site that does not exist."""
    base = urlsplit(base_url)
    files = {path: data for path, data in outputs}
    ids: dict[str, set[str]] = {}
    problems = []
    for path, data in outputs:
        if not path.endswith(".html"):
            continue
        for match in HREF_RE.finditer(data):
            target = _internal_target(match.group(1).decode("utf-8", "replace"), path, base)
            if target is None:
                continue
            file, fragment = target
            message = _resolve(file, fragment, files, ids)
            if message:
                line = data.count(b"\n", 0, match.start()) + 1
                problems.append(Problem(f"{shown_as}/{path}", line, message))
    return problems


def _internal_target(href: str, page: str, base) -> tuple[str, str] | None:
    """(output file, fragment) for a link into the site; None for other sites and mail."""
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)  # "#x": this page
    if not parts.path.startswith(base.path):
        return "", ""  # above the site's own folder: reported as missing
    file = unquote(parts.path[len(base.path) :])
    if file == "" or file.endswith("/"):
        file += "index.html"
    return file, unquote(parts.fragment)


def _resolve(file: str, fragment: str, files: dict[str, bytes], ids: dict[str, set[str]]) -> str:
    if file not in files:
        return f"links to {file or 'a page outside the site'}, which the build does not make"
    if not fragment or not file.endswith(".html"):
        return ""
    if file not in ids:
        ids[file] = {found.decode("utf-8", "replace") for found in ID_RE.findall(files[file])}
    if fragment not in ids[file]:
        return f"links to #{fragment} in {file}, which has no such id"
    return ""
