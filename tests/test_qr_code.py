"""Our QR encoder (qr_code.py), read back by a real decoder: every version it makes, every mask,
Chinese text, the size limit, and the SVG the queue page serves."""

from __future__ import annotations

import pytest

from custom_components.service_hall import qr_code
from custom_components.service_hall.qr_code import BLOCKS_M, MAX_VERSION, capacity, encode, raw_codewords

from .qr_reader import image, read, read_svg


def _text(length: int) -> str:
    return "".join("abcdefghijklmnopqrstuvwxyz0123456789/:."[i % 39] for i in range(length))


def test_the_table_fills_each_version() -> None:
    # Data and error correction codewords of the blocks fill exactly the room each version has.
    for version, (ec_length, blocks) in BLOCKS_M.items():
        assert sum(blocks) + ec_length * len(blocks) == raw_codewords(version), version
        assert max(blocks) - min(blocks) <= 1, version


@pytest.mark.parametrize("version", sorted(BLOCKS_M))
def test_each_version_reads_back_at_its_full_capacity(version: int) -> None:
    text = _text(capacity(version))
    code = encode(text)
    assert code.version == version and code.size == version * 4 + 17
    (found,) = read(image(code.dark))
    assert found.text == text
    assert found.ec_level == "M"
    # One byte more needs the next version.
    if version < MAX_VERSION:
        assert encode(text + "x").version == version + 1


@pytest.mark.parametrize("mask", range(8))
@pytest.mark.parametrize("length", [10, 120])  # version 1; version 7, which carries version information
def test_every_mask_reads_back(mask: int, length: int) -> None:
    text = _text(length)
    code = encode(text, mask=mask)
    assert code.mask == mask
    (found,) = read(image(code.dark))
    assert found.text == text


def test_chinese_text_and_a_queue_address_read_back() -> None:
    for text in (
        "政务服务大厅 排队 A023",
        "https://hall.example.cn/service_hall/queue/01JDQ7X5Z8W3K2M4N6P8R0T2V4",
    ):
        (found,) = read(image(encode(text).dark))
        assert found.text == text


def test_the_chosen_mask_has_the_lowest_penalty() -> None:
    text = _text(50)
    chosen = encode(text)
    scores = {mask: qr_code.penalty(encode(text, mask=mask).dark) for mask in range(8)}
    assert scores[chosen.mask] == min(scores.values())


def test_the_penalty_counts_what_the_standard_counts() -> None:
    light = [[False] * 21 for _ in range(21)]
    # All light: 42 lines of one run of 21 (19 each), 400 2x2 blocks (3 each), 100% light (90).
    assert qr_code.penalty(light) == 42 * 19 + 400 * 3 + 100
    checker = [[(x + y) % 2 == 0 for x in range(21)] for y in range(21)]
    # A checkerboard: no runs, no blocks, nothing finder-like, dark/light balance off by one module.
    assert qr_code.penalty(checker) == 0


def test_too_long_a_text_is_refused() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        encode(_text(capacity(MAX_VERSION) + 1))
    assert encode(_text(capacity(MAX_VERSION))).version == MAX_VERSION


def test_the_svg_draws_the_code_and_its_quiet_zone() -> None:
    text = "https://a.cn/q"
    code = encode(text)
    svg = code.svg(scale=8)
    assert f'width="{(code.size + 8) * 8}"'.encode() in svg
    assert read_svg(svg) == text
