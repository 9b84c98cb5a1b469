"""Reads our QR codes back with a real decoder (zxing-cpp), from the modules or from the SVG we serve."""

from __future__ import annotations

import re

import zxingcpp
from PIL import Image

SCALE = 4  # pixels per module: what a phone's camera resolves easily


def image(dark: list[list[bool]], quiet_zone: int = 4) -> Image.Image:
    """The modules drawn black on white, with a light border of quiet_zone modules."""
    side = (len(dark) + 2 * quiet_zone) * SCALE
    picture = Image.new("L", (side, side), 255)
    for y, row in enumerate(dark):
        for x, is_dark in enumerate(row):
            if is_dark:
                left, top = (x + quiet_zone) * SCALE, (y + quiet_zone) * SCALE
                picture.paste(0, (left, top, left + SCALE, top + SCALE))
    return picture


def modules_of_svg(svg: bytes) -> list[list[bool]]:
    """The modules an SVG of ours draws: its viewBox is the grid, each 1x1 square one dark module."""
    text = svg.decode()
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', text).group(1))  # type: ignore[union-attr]
    dark = [[False] * side for _ in range(side)]
    for x, y in re.findall(r"M(\d+),(\d+)h1v1h-1z", text):
        dark[int(y)][int(x)] = True
    return dark


def read(picture: Image.Image) -> list[zxingcpp.Barcode]:
    """Every QR code the decoder finds in the picture."""
    return [code for code in zxingcpp.read_barcodes(picture) if code.format == zxingcpp.BarcodeFormat.QRCode]


def read_svg(svg: bytes) -> str:
    """The text of the one QR code in an SVG of ours (its quiet zone is already in the drawing)."""
    codes = read(image(modules_of_svg(svg), quiet_zone=0))
    assert len(codes) == 1, codes
    return codes[0].text
