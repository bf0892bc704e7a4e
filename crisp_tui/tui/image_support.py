"""Drawing images in the terminal with textual-image (kitty's graphics protocol, sixel, or
coloured half blocks), loaded on the first preview only.

textual-image asks the terminal what it can draw when it is imported, by writing a query and
reading the answer from stdin; once Textual runs, Textual owns stdin. So the first preview hands
the terminal back for that moment (`App.suspend`), imports it, and takes the terminal again: a
brief flicker, once per run. Start-up never pays for it (numpy, Pillow and the query cost half a
second). Headless (tests, screenshots) there is no terminal to ask: half blocks, which Textual
can draw into an SVG.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget


MAX_PIXELS = 25_000_000  # a small file can unpack into gigabytes (a "decompression bomb")


class NotAnImage(Exception):
    """The bytes cannot be previewed; the message says why, in one sentence."""


def image_widget(app: App[object], data: bytes) -> Widget:
    """A widget drawing `data` the best way this terminal can; NotAnImage if it is not one."""
    image = decode(data)
    if app.is_headless or not (sys.__stdout__ and sys.__stdout__.isatty()):
        from textual_image.widget import HalfcellImage

        return HalfcellImage(image, id="preview-image")
    if "textual_image.widget" not in sys.modules:
        from textual.app import SuspendNotSupported

        try:
            with app.suspend():  # textual-image queries the terminal as it is imported
                import textual_image.widget  # noqa: F401
        except SuspendNotSupported:  # a driver that cannot hand the terminal back: ask anyway
            pass
    from textual_image.widget import Image

    return Image(image, id="preview-image")


def decode(data: bytes) -> object:
    """A Pillow image of `data`, fully read (a truncated or fake image fails here, not while
    being drawn)."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise NotAnImage(
                f"The image is {image.width}x{image.height} pixels, too large to preview: save "
                "it instead."
            )
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise NotAnImage("The file is not an image that can be shown: save it instead.") from None
    return image
