"""Images: published exactly when a published page shows them, checked by content,
under content-hashed names, with their size, smaller copies and lazy loading."""

from __future__ import annotations

import io
import random
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from PIL import Image
from projects import assert_clear_failure, chapter, image_bytes, snapshot
from sitereader import resolve, soup

from storysite.cache import Cache
from storysite.config import load_config
from storysite.errors import Problems
from storysite.pipeline import PREVIEWED, render_outputs

BASE_PATH = "/story/"
PHOTO = image_bytes(1600, 1000, "JPEG", seed=1)
DRAFT_PHOTO = image_bytes(300, 200, "PNG", seed=2)
TWO_WITH_PHOTO = chapter(
    "Two", 2, '## Later\n\nMore [@beta].\n\n![Two looms](images/looms.jpg "The workshop")\n'
)


def images_project(make_project):
    return make_project(
        {
            "content/images/looms.jpg": PHOTO,
            "content/images/draft-only.png": DRAFT_PHOTO,
            "content/images/unused.png": image_bytes(50, 50, "PNG", seed=3),
            "content/images/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "content/two.en.md": TWO_WITH_PHOTO,
            "content/three.en.md": chapter(
                "Three", 3, "![A draft's photo](images/draft-only.png)\n", draft="true"
            ),
        }
    )


def published_images(out) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(out).items() if path.startswith("images/")}


def test_exactly_the_images_of_published_pages_are_published(make_project):
    project = images_project(make_project)
    project.build()
    published = published_images(project.out)
    assert PHOTO in published.values()
    assert all(name.startswith("images/looms.") for name in published), sorted(published)
    assert len(published) == 3  # the original and its copies 480 and 960 pixels wide
    project.remove("content/two.en.md")
    project.remove("content/two.zh.md")
    project.edit("content/one.en.md", "See [two](two.en.md#later).", "")
    project.build()
    assert published_images(project.out) == {}  # its chapter gone, the image is gone


def test_the_preview_publishes_the_images_of_drafts_too(make_project):
    project = images_project(make_project)
    config = load_config(project.root)
    built = dict(render_outputs(config, Problems(), Cache(project.root), PREVIEWED))
    assert DRAFT_PHOTO in built.values()
    assert not any("DS_Store" in path or "unused" in path for path in built)


def test_an_image_has_its_size_smaller_copies_and_loads_lazily_below_the_first_screen(make_project):
    project = images_project(make_project)
    project.build()
    page = soup(project.out / "en/two/index.html")
    image = page.select_one("figure img")
    assert (image["width"], image["height"], image["loading"]) == ("1600", "1000", "lazy")
    assert image["alt"] == "Two looms" and image["sizes"]
    candidates = [candidate.split() for candidate in image["srcset"].split(", ")]
    assert [width for _, width in candidates] == ["480w", "960w", "1600w"]
    for url, width in [*candidates, (image["src"], "1600w")]:
        path, _ = resolve(project.out, BASE_PATH, url)
        with Image.open(io.BytesIO(path.read_bytes())) as published:
            assert published.format == "JPEG" and published.width == int(width[:-1])
            assert abs(published.height / published.width - 1000 / 1600) < 0.01
    assert resolve(project.out, BASE_PATH, image["src"])[0].read_bytes() == PHOTO


def test_an_image_that_opens_the_body_loads_at_once(make_project):
    project = images_project(make_project)
    project.write(
        "content/two.en.md",
        chapter("Two", 2, "![Two looms](images/looms.jpg)\n\n## Later\n\nMore [@beta].\n"),
    )
    project.build()
    image = soup(project.out / "en/two/index.html").select_one(".prose img")
    assert not image.has_attr("loading") and image["width"] == "1600"


def test_files_that_are_not_images_are_refused_by_their_content(make_project):
    project = images_project(make_project)
    project.build()
    before = snapshot(project.out)
    project.write("content/images/notes.txt", "Ask Ren Qingsheng about the cable.\n")
    project.write("content/images/fake.jpg", b"<html>not a photo</html>")
    project.write("content/images/renamed.jpg", image_bytes(40, 30, "PNG"))
    project.write("content/images/scan.tiff", image_bytes(40, 30, "TIFF"))
    project.write("content/images/copied.jpg", b"")
    result = project.run("build")
    assert_clear_failure(result)
    errors = result.stderr
    assert (
        "content/images/notes.txt: error: not an image: its content is not JPEG, PNG, GIF or WebP" in errors
    )
    assert "content/images/fake.jpg: error: not an image" in errors
    assert "content/images/renamed.jpg: error: is a PNG image but its name ends in '.jpg'" in errors
    assert "content/images/scan.tiff: error: is a TIFF image, which browsers do not show" in errors
    assert "content/images/copied.jpg: error: is empty (0 bytes)" in errors
    assert ".DS_Store" not in errors
    assert snapshot(project.out) == before


def test_images_and_their_copies_are_the_same_bytes_on_every_build(make_project, tmp_path):
    project = images_project(make_project)
    project.build()
    again = project.run("build", "--output", str(tmp_path / "again"), env={"STORYSITE_CACHE": "off"})
    assert again.returncode == 0, again.stderr
    assert snapshot(project.out) == snapshot(tmp_path / "again")


def noise_jpeg(width: int, height: int) -> bytes:
    """A photograph-sized JPEG that does not compress: seeded noise."""
    pixels = random.Random(0).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_an_image_too_large_for_readers_or_for_memory_is_a_warning_in_the_editors_words(make_project):
    """An 18 MB photograph was published as it was, silently; a 96-megapixel one
    printed a line of Pillow's code. Both build, each with one warning naming it."""
    huge = io.BytesIO()
    Image.new("L", (12000, 8000), 128).save(huge, "PNG")
    files = {"content/images/huge.png": huge.getvalue(), "content/images/heavy.jpg": noise_jpeg(2500, 2000)}
    body = "## Later\n\n![Huge](images/huge.png)\n\n![Heavy](images/heavy.jpg)\n\nMore [@beta].\n"
    project = make_project({**files, "content/two.en.md": chapter("Two", 2, body)})
    result = project.run_subprocess("build")  # what a terminal shows, Python's own warnings included
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("content/images/")]
    assert [line.split(": warning: ")[0] for line in sorted(warned)] == [
        "content/images/heavy.jpg",
        "content/images/huge.png",
    ]
    assert "Warning" not in result.stderr and ".py:" not in result.stderr  # no line of anyone's code


def test_an_image_whose_name_holds_a_url_mark_is_fetched_by_its_whole_name(make_project):
    """loom#2.png was published as src="/images/loom#2.1a2b.png": a browser fetched
    /images/loom, and shop?.png fetched /images/shop."""
    names = ("loom#2.png", "shop?.png", "stall%20b.png")
    files = {f"content/images/{name}": image_bytes(900, 600, "PNG", seed=i) for i, name in enumerate(names)}
    shown = " ".join(f"![A picture](images/{name})" for name in names)
    files["content/one.en.md"] = chapter("One", 1, f"First fact [@alpha].\n\n{shown}\n")
    project = make_project(files)
    project.build()
    page = BeautifulSoup(project.page("en/one/"), "html.parser")
    images = page.select("main img")
    assert len(images) == len(names)
    for image in images:
        addresses = [image["src"], *(c.split()[0] for c in image.get("srcset", "").split(",") if c.strip())]
        for src in addresses:
            parts = urlsplit(src)
            assert not parts.query and not parts.fragment, src
            assert (project.out / unquote(parts.path).removeprefix("/story/")).is_file(), src


def test_images_whose_names_differ_only_in_letter_case_are_refused_as_chapters_are(make_project):
    """Loom.png beside loom.png built without a word: a colleague on macOS or Windows
    checks the project out with one file where the site shows two images."""
    files = {
        "content/images/loom.png": image_bytes(60, 40, "PNG", seed=1),
        "content/images/Loom.png": image_bytes(60, 40, "PNG", seed=2),
        "content/one.en.md": chapter("One", 1, "First fact [@alpha].\n\n![A loom](images/loom.png)\n"),
    }
    result = make_project(files).run("build")
    assert_clear_failure(result)
    assert (
        "content/images/Loom.png: error: differs from content/images/loom.png only in letter case"
        in result.stderr
    )


def animation(fmt: str) -> bytes:
    """Three frames of 1200 x 800, red, green and blue, as an animated PNG or WebP."""
    frames = [Image.new("RGB", (1200, 800), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=200, loop=0)
    return buffer.getvalue()


def test_an_animated_png_or_webp_is_shown_moving_on_phones_too(make_project):
    """Its smaller copies were its first frame: a phone, which the srcset sends to them,
    showed a still picture where a computer showed the animation."""
    project = make_project(
        {
            "content/images/loom.png": animation("PNG"),
            "content/images/loom.webp": animation("WEBP"),
            "content/two.en.md": chapter(
                "Two",
                2,
                "## Later\n\nMore [@beta].\n\n![Loom](images/loom.png)\n\n![Loom](images/loom.webp)\n",
            ),
        }
    )
    project.build()
    for image in soup(project.out / "en/two/index.html").select(".prose img"):
        assert not image.has_attr("srcset"), image
        with Image.open(resolve(project.out, BASE_PATH, image["src"])[0]) as published:
            assert published.n_frames == 3 and image["width"] == "1200"


def test_a_16_bit_grey_png_keeps_its_tones_in_its_smaller_copies(make_project):
    """A scan saved with 16 bits a channel: every tone above 255 of 65,535 came out white
    in the copies phones are sent."""
    scan = Image.new("I;16", (1200, 800), 16384)  # a quarter of the way from black to white
    buffer = io.BytesIO()
    scan.save(buffer, "PNG")
    project = make_project(
        {
            "content/images/scan.png": buffer.getvalue(),
            "content/two.en.md": chapter(
                "Two", 2, "## Later\n\nMore [@beta].\n\n![A scan](images/scan.png)\n"
            ),
        }
    )
    project.build()
    image = soup(project.out / "en/two/index.html").select_one(".prose img")
    copies = [candidate.split()[0] for candidate in image["srcset"].split(", ")][:-1]
    assert len(copies) == 2
    for url in copies:
        with Image.open(resolve(project.out, BASE_PATH, url)[0]) as copy:
            shade = copy.convert("L").getpixel((10, 10))
            assert 60 <= shade <= 68, shade  # 64 of 255, as the original's 16384 of 65535
