"""Bodies' <img> tags pointed at their published images: hashed names, the size
(so nothing shifts while the image loads), smaller copies for phones, and
loading="lazy" for those below the first screen.

Runs on the sanitised HTML of a rendered body, after the (cached) rendering, so
a body is not rendered again when an image changes: only this cheap pass, keyed
by the body and the images it shows, is done again.
"""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass

from .cache import Cache
from .images import ImageLibrary, PublishedImage, source_of
from .model import Entry

IMG_RE = re.compile(r"<img\b[^>]*>")
# The sanitiser writes every attribute as name="value", with " escaped: one pattern reads them all.
ATTRIBUTE_RE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
# A body that opens with an image shows it on the first screen (unless a lead image is above it).
OPENING_IMAGE_RE = re.compile(r"^\s*<(?:figure|p)>\s*<img\b")


@dataclass(frozen=True)
class BodyImages:
    """A rendered entry and the images its body may show: the input of place_images."""

    entry: Entry
    images: dict[str, PublishedImage]  # by the URL the body's <img> has now
    base_path: str


def place_images(job: BodyImages) -> tuple[Entry, frozenset[str]]:
    """-> the entry with its <img> tags completed, and the images (by source) it shows."""
    body = job.entry.body
    eager = not job.entry.meta.image and bool(OPENING_IMAGE_RE.match(body.html))
    shown: set[str] = set()

    def complete(match: re.Match) -> str:
        nonlocal eager
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE_RE.findall(match.group(0))}
        image = job.images.get(attributes.get("src", ""))
        if image is None:
            return match.group(0)
        shown.add(image.source)
        attributes.update(image.attributes(job.base_path))
        attributes.pop("loading", None)
        if not eager:
            attributes["loading"] = "lazy"
        eager = False
        return (
            "<img " + " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items()) + ">"
        )

    placed = IMG_RE.sub(complete, body.html)
    entry = dataclasses.replace(job.entry, body=dataclasses.replace(body, html=placed))
    return entry, frozenset(shown)


def place_all(entries: list[Entry], library: ImageLibrary, base_path: str, cache: Cache):
    """-> (the entries with their images placed, the sources of every image they show)."""
    with_images = [index for index, entry in enumerate(entries) if entry.shows_images]
    jobs = [
        BodyImages(entries[i], _images_in(entries[i], library, base_path), base_path) for i in with_images
    ]
    placed = list(entries)
    used: set[str] = set()
    for index, (entry, shown) in zip(with_images, cache.map(place_images, jobs), strict=True):
        placed[index] = entry
        used |= shown
    return placed, used


def _images_in(entry: Entry, library: ImageLibrary, base_path: str) -> dict[str, PublishedImage]:
    """Only the images this body names: a change to another image leaves its key alone."""
    found = {}
    for tag in IMG_RE.findall(entry.body.html):
        src = html.unescape(dict(ATTRIBUTE_RE.findall(tag)).get("src", ""))
        image = library.images.get(source_of(src, base_path))
        if image is not None:
            found[src] = image
    return found
