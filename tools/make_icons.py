"""Make the site's icons as PNG: static/icon-32.png (a browser tab, a feed reader's list)
and static/icon-180.png (a phone's home screen), the favicon.svg drawn again; and
static/favicon.ico (16, 32 and 48 px), published at the site's root, where crawlers and
feed readers that never read a page's <link rel="icon"> ask for it.

Safari before version 26 (every iPhone not updated since 2025) and many feed readers
show no SVG icon: they showed a blank square or a grey letter for the site. Drawn
in the share cards' font (storysite/fonts/card-sans.otf), never the machine's, so the
files are the same wherever they are made. The icon for a home screen fills its square:
the phone rounds the corners itself, and corners left transparent turn black there.
Run it again after changing favicon.svg:

    python tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "storysite" / "fonts" / "card-sans.otf"
RED, WHITE = "#b3261e", "#ffffff"  # as favicon.svg
# favicon.svg, in its 32-unit square: corner radius, the character, its size and baseline.
RADIUS, CHARACTER, SIZE, BASELINE = 6, "淘", 19, 23
SCALE = 8  # drawn this many times larger, then reduced: smooth edges at every size


def icon(pixels: int, rounded: bool) -> Image.Image:
    big = pixels * SCALE
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * unit if rounded else 0, fill=RED)
    font = ImageFont.truetype(str(FONT), round(SIZE * unit))
    draw.text((16 * unit, BASELINE * unit), CHARACTER, font=font, fill=WHITE, anchor="ms")
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> None:
    for name, pixels, rounded in (("icon-32.png", 32, True), ("icon-180.png", 180, False)):
        image = icon(pixels, rounded)
        if not rounded:
            image = image.convert("RGB")  # no transparency at all
        image.save(ROOT / "static" / name, optimize=True)
        print(f"static/{name}: {pixels} x {pixels}")
    sizes = [(pixels, pixels) for pixels in (16, 32, 48)]
    icon(48, rounded=True).save(ROOT / "static" / "favicon.ico", format="ICO", sizes=sizes)
    print("static/favicon.ico: 16, 32 and 48 px")


if __name__ == "__main__":
    main()
