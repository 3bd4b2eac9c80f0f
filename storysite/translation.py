"""Is each translation current, stale or missing? Decided by hashes, not by git."""

from __future__ import annotations

import hashlib

from .model import Document

CURRENT, STALE, MISSING, UNMARKED = "current", "stale", "missing", "unmarked"
NEEDS_TRANSLATION = "# needs translation:"


def fingerprint(original: Document) -> str:
    """What a translation records to say which version of the original it follows."""
    remembered = original.__dict__.get("_fingerprint")  # documents are kept by the preview's cache
    if remembered is None:
        remembered = original.__dict__["_fingerprint"] = _fingerprint(original)
    return remembered


def _fingerprint(original: Document) -> str:
    meta = original.meta
    text = "\n".join((meta["title"], meta["summary"], original.body.strip()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def status(original: Document | None, translation: Document | None) -> str:
    if translation is None:
        return MISSING
    if original is None:
        return CURRENT  # nothing to follow
    recorded = translation.meta.get("translation_of")
    if not recorded:
        return UNMARKED
    return CURRENT if recorded == fingerprint(original) else STALE


def with_fingerprint(text: str, value: str) -> str:
    """The translation's file text with `translation_of: value` set in its front matter."""
    lines = text.split("\n")
    end = lines.index("---", 1)  # the closing line; the caller has parsed the file already
    if lines[1].startswith(NEEDS_TRANSLATION):  # the reminder `new` left: done now
        del lines[1]
        end -= 1
    for index in range(1, end):
        if lines[index].startswith("translation_of:"):
            lines[index] = f"translation_of: {value}"
            return "\n".join(lines)
    lines.insert(end, f"translation_of: {value}")
    return "\n".join(lines)
