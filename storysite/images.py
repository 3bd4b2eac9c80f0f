"""Images under content/images/: checked by their content, published under
content-hashed names only when a published page shows them, with smaller copies
for phones.

Every file in the folder is opened with Pillow: a file that is not an image a
browser shows (a .txt, a Photoshop file, a PNG renamed .jpg) is an error naming
it. Hidden files (.DS_Store, ._photo.jpg, .gitkeep) are what the system or an
editor leaves beside the images, invisible in a file browser: they are skipped,
as in static/, never published. Each result (an image's facts, each smaller
copy) is a Cache.map result keyed by the image's bytes and the copy's settings.
"""

from __future__ import annotations

import io
import math
import posixpath
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageOps

from .assets import published_files, with_hash
from .cache import Cache
from .errors import Problems
from .files import case_clashes
from .fingerprint import digest_bytes
from .parallel import FEW_COSTLY, MANY_SMALL

FOLDER = "images"  # under content/, and in the output
VARIANT_WIDTHS = (480, 960)  # CSS pixels of a phone's column, once and twice over
LARGE_FILE = 5_000_000  # bytes: an original larger than this is a warning (a reader opening it fetches all)
# What browsers show, by the name Pillow gives the format, with the file name endings it may have.
WEB_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "GIF": (".gif",), "WEBP": (".webp",)}
# Fixed encoder settings: the same image gives the same bytes on every run and machine
# (with the same Pillow, whose version is in every cache key). GIF is never resized, nor
# is an animated PNG or WebP: a smaller copy would lose its animation.
ENCODERS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": False, "subsampling": "4:2:0"},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 6},
}
# How Pillow opens a greyscale PNG of 16 bits a channel, as scanners and Photoshop save them.
SIXTEEN_BIT_GREY = ("I;16", "I;16B", "I;16L", "I")
# The width an image takes on a page: the text column, whole screen wide on a phone.
SIZES = "(max-width: 44rem) 100vw, 44rem"


@dataclass(frozen=True)
class ImageFacts:
    """What Pillow found in a file: its format and its size as shown (EXIF rotation
    applied), or why it is not an image a page can show."""

    format: str = ""
    width: int = 0
    height: int = 0
    problem: str = ""
    advice: str = ""  # usable, but worth a warning: too large a file for readers
    animated: bool = False  # more than one frame: an animated PNG, WebP or GIF


@dataclass(frozen=True)
class Rendition:
    """One published file of an image."""

    path: str  # in the output folder
    width: int
    height: int


@dataclass(frozen=True)
class PublishedImage:
    """An image as pages show it: the original and its smaller copies, narrowest first."""

    source: str  # relative to content/: images/photo.jpg
    original: Rendition
    variants: tuple[Rendition, ...]

    def attributes(self, base_path: str) -> dict[str, str]:
        """src, width, height and, when there are smaller copies, srcset and sizes."""
        found = {
            "src": base_path + address(self.original.path),
            "width": str(self.original.width),
            "height": str(self.original.height),
        }
        if self.variants:
            every = (*self.variants, self.original)
            found["srcset"] = ", ".join(f"{base_path}{address(r.path)} {r.width}w" for r in every)
            found["sizes"] = SIZES
        return found


@dataclass(frozen=True)
class VariantJob:
    """A smaller copy to make: its input and so its cache key."""

    data: bytes
    format: str
    width: int


@dataclass(frozen=True)
class ImageLibrary:
    """Every usable image under content/images/, and the files each one is published as."""

    images: dict[str, PublishedImage]  # by source path
    files: dict[str, tuple[tuple[str, bytes], ...]]  # source path -> (output path, bytes)

    def published(self, used: set[str]) -> list[tuple[str, bytes]]:
        return [file for source in sorted(used & self.files.keys()) for file in self.files[source]]


def inspect_image(data: bytes) -> ImageFacts:
    """Open and decode the whole image: a truncated or corrupt file fails here, not in a browser."""
    if not data:  # not 'not JPEG, PNG, GIF or WebP: export it': there is nothing to export
        return ImageFacts(
            problem="is empty (0 bytes), as a copy or a download that failed leaves it: copy the image again"
        )
    try:
        # Pillow warns of a picture large enough to exhaust memory on Python's own channel,
        # which would print as a line of its code: said here, in the editor's words.
        with warnings.catch_warnings(record=True) as raised:
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()  # checksums and structure; leaves the image unusable, so open again
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                width, height = ImageOps.exif_transpose(image).size if _rotated(image) else image.size
                animated = getattr(image, "n_frames", 1) > 1
        advice = _advice(len(data), width * height, raised)
        return ImageFacts(image.format or "", width, height, advice=advice, animated=animated)
    except Image.DecompressionBombError:
        return ImageFacts(problem="has so many pixels it could exhaust memory; resize it first")
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return ImageFacts(problem=f"not an image: {_reason(exc)}")


def _advice(size: int, pixels: int, raised: list) -> str:
    """What to say of an image a page can show but readers should not have to fetch."""
    if any(issubclass(warning.category, Image.DecompressionBombWarning) for warning in raised):
        return f"is {pixels / 1e6:.0f} megapixels, enough to strain the build's memory; resize it first"
    if size > LARGE_FILE:
        return (
            f"is {size / 1e6:.1f} MB, published as it is for readers who open it full size (phones get "
            "smaller copies); export it at most 2,400 pixels wide"
        )
    return ""


def _rotated(image: Image.Image) -> bool:
    """Does the camera's orientation tag turn the picture (and so swap how it is shown)?"""
    return image.getexif().get(0x0112, 1) != 1


def _turned_sideways(image: Image.Image) -> bool:
    """EXIF orientations 5 to 8 turn the picture a quarter: its width is shown as height."""
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def _reason(exc: Exception) -> str:
    text = str(exc)
    if text.startswith("cannot identify image file"):
        return "its content is not JPEG, PNG, GIF or WebP; export it in one of those"
    return f"it cannot be decoded ({text}); export it again"


def make_variant(job: VariantJob) -> bytes:
    """A copy `job.width` pixels wide, turned upright, without the original's metadata."""
    with warnings.catch_warnings():  # a picture that large is reported once, by inspect_image
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return _variant(job)


def _variant(job: VariantJob) -> bytes:
    with Image.open(io.BytesIO(job.data)) as image:
        shown_width = image.height if _turned_sideways(image) else image.width
        scale = 2 * job.width / shown_width  # a JPEG decodes at 1/2, 1/4, 1/8 much faster: not below 2x
        image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        upright = ImageOps.exif_transpose(image)
        height = round(upright.height * job.width / upright.width)
        if upright.mode in SIXTEEN_BIT_GREY:  # 0-65535: converted as it is, all above 255 came out white
            upright = upright.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
        if job.format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        smaller = upright.resize((job.width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        smaller.save(buffer, job.format, **ENCODERS[job.format])
        return buffer.getvalue()


def load_images(content_dir: Path, cache: Cache, problems: Problems) -> ImageLibrary:
    """Every file under content/images/ checked; the usable ones with their smaller copies."""
    found = published_files(content_dir / FOLDER, cache.files, problems, hidden=False)
    sources = [path.relative_to(content_dir).as_posix() for path, _ in found]
    facts = cache.map(inspect_image, [content.data for _, content in found], parallel=MANY_SMALL)
    clashes, usable = case_clashes(tuple(sources)), []
    for source, (_, content), fact in zip(sources, found, facts, strict=True):
        problem = fact.problem or _name_problem(source, fact.format) or _clash_problem(source, clashes)
        if problem:
            problems.error(f"content/{source}", None, problem)
        else:
            usable.append((source, content.data, fact))
            if fact.advice:
                problems.warn(f"content/{source}", None, fact.advice)
    jobs = [VariantJob(data, fact.format, w) for _, data, fact in usable for w in _widths(fact)]
    made = iter(cache.map(make_variant, jobs, parallel=FEW_COSTLY))
    images, files = {}, {}
    for source, data, fact in usable:
        original = Rendition(with_hash(source, digest_bytes(data)[:10]), fact.width, fact.height)
        published = [(original.path, data)]
        variants = []
        for width in _widths(fact):
            variant = next(made)
            path = with_hash(f"{_stem(source)}.{width}w{_suffix(source)}", digest_bytes(variant)[:10])
            variants.append(Rendition(path, width, round(fact.height * width / fact.width)))
            published.append((path, variant))
        images[source] = PublishedImage(source, original, tuple(variants))
        files[source] = tuple(published)
    return ImageLibrary(images, files)


def _widths(facts: ImageFacts) -> tuple[int, ...]:
    if facts.format not in ENCODERS or facts.animated:
        return ()
    return tuple(width for width in VARIANT_WIDTHS if width < facts.width)


def _name_problem(source: str, image_format: str) -> str:
    endings = WEB_FORMATS.get(image_format)
    if endings is None:
        return f"is a {image_format} image, which browsers do not show; export it as JPEG, PNG or WebP"
    if _suffix(source).lower() not in endings:
        return f"is a {image_format} image but its name ends in '{_suffix(source)}'; rename it to end in {endings[0]}"
    return ""


def _stem(path: str) -> str:
    return path[: len(path) - len(_suffix(path))]


def _suffix(path: str) -> str:
    return posixpath.splitext(path)[1]


def _clash_problem(source: str, clashes: dict[str, str]) -> str | None:
    if source not in clashes:
        return None
    return (f"differs from content/{clashes[source]} only in letter case; Windows and macOS see one file "
            "where Linux sees two (a colleague's checkout would show one image twice): rename one of them")  # fmt: skip


def address(path: str) -> str:
    """A published file's path as a URL path: a # ? % or space in an image's name would
    otherwise end the address or be read as an escape (loom#2.png fetched /loom)."""
    return quote(path, safe="/")


def source_of(src: str, base_path: str) -> str:
    """An <img src> -> the image's path under content/, as the body checks name it."""
    relative = src.removeprefix(base_path) if src.startswith("/") else src
    return posixpath.normpath(relative.removeprefix("./"))
