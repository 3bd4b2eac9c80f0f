"""Files from static/: published under content-hashed names, looked up by templates."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import SiteError


def collect_assets(static_dir: Path, base_path: str) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """-> ({'style.css': '/static/style.1a2b3c4d.css'}, [(output path, bytes)])."""
    urls: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    if not static_dir.is_dir():
        return urls, files
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(static_dir).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"static/{_with_hash(name, digest)}"
        urls[name] = base_path + hashed
        files.append((hashed, data))
    return urls, files


def _with_hash(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


class AssetLookup:
    """The template helper: asset('style.css') -> its hashed URL, or a clear error."""

    def __init__(self, urls: dict[str, str]):
        self.urls = urls

    def __call__(self, name: str) -> str:
        if name not in self.urls:
            raise SiteError.single(f"static/{name}", None, "is used by a template but does not exist")
        return self.urls[name]
