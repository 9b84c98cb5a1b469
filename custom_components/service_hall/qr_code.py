"""QR codes (ISO/IEC 18004) for the queue page's address: byte mode, error correction level M.

Our own small encoder rather than a dependency: the hall needs one code of one short address,
and every library that makes them is either unmaintained or far larger than this. Versions 1 to
10 hold up to 213 bytes, more than any address of a Home Assistant page. No Home Assistant
imports; tests/test_qr_code.py reads every version back with the zxing-cpp decoder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise

# Level M, versions 1 to 10: (error correction codewords per block, data codewords of each block).
# ISO/IEC 18004 table 9; test_the_table_fills_each_version checks it against the module count.
BLOCKS_M: dict[int, tuple[int, tuple[int, ...]]] = {
    1: (10, (16,)),
    2: (16, (28,)),
    3: (26, (44,)),
    4: (18, (32, 32)),
    5: (24, (43, 43)),
    6: (16, (27, 27, 27, 27)),
    7: (18, (31, 31, 31, 31)),
    8: (22, (38, 38, 39, 39)),
    9: (22, (36, 36, 36, 37, 37)),
    10: (26, (43, 43, 43, 43, 44)),
}
MAX_VERSION = max(BLOCKS_M)
QUIET_ZONE = 4  # light modules around the code, as the standard asks
FORMAT_LEVEL_M = 0b00  # level M's two bits in the format information
PAD_BYTES = (0xEC, 0x11)

Grid = list[list[bool]]


class QrCode:
    """A QR code's modules: ``dark[y][x]``, with y the row and x the column."""

    def __init__(self, dark: Grid, version: int, mask: int) -> None:
        self.dark = dark
        self.version = version
        self.mask = mask

    @property
    def size(self) -> int:
        return len(self.dark)

    def svg(self, scale: int = 8) -> bytes:
        """The code as an SVG document: one path of the dark modules, the quiet zone around it."""
        width = self.size + 2 * QUIET_ZONE
        path = "".join(
            f"M{x + QUIET_ZONE},{y + QUIET_ZONE}h1v1h-1z"
            for y, row in enumerate(self.dark)
            for x, dark in enumerate(row)
            if dark
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale}" height="{width * scale}" '
            f'viewBox="0 0 {width} {width}" shape-rendering="crispEdges">'
            f'<rect width="{width}" height="{width}" fill="#fff"/><path fill="#000" d="{path}"/></svg>\n'
        ).encode()


def encode(text: str, mask: int | None = None) -> QrCode:
    """The smallest level-M code of the text (UTF-8 bytes); ValueError when it needs more than version 10.

    The mask is the one of the eight the standard's penalty rates best, unless one is asked for."""
    data = text.encode()
    version = next((v for v in BLOCKS_M if len(data) <= capacity(v)), None)
    if version is None:
        raise ValueError(
            f"{len(data)} bytes do not fit a version {MAX_VERSION} QR code ({capacity(MAX_VERSION)})"
        )
    codewords = _with_error_correction(version, _data_codewords(version, data))
    dark, reserved = _function_patterns(version)
    _place(dark, reserved, codewords)
    best: tuple[int, int, Grid] | None = None
    for candidate_mask in range(8) if mask is None else (mask,):
        candidate = _masked(dark, reserved, candidate_mask)
        _draw_format(candidate, candidate_mask)
        score = penalty(candidate)
        if best is None or score < best[0]:
            best = (score, candidate_mask, candidate)
    assert best is not None
    return QrCode(best[2], version, best[1])


def capacity(version: int) -> int:
    """The bytes a level-M code of this version holds in byte mode."""
    header_bits = 4 + _count_bits(version)
    return (sum(BLOCKS_M[version][1]) * 8 - header_bits) // 8


def side(version: int) -> int:
    """Modules along each side of a code of this version."""
    return version * 4 + 17


def raw_codewords(version: int) -> int:
    """The codewords a version has room for once its function patterns are drawn."""
    modules = (16 * version + 128) * version + 64
    if version >= 2:
        aligns = version // 7 + 2
        modules -= (25 * aligns - 10) * aligns - 55
        if version >= 7:
            modules -= 36
    return modules // 8


def alignment_positions(version: int) -> list[int]:
    """The rows (and columns) of the alignment patterns' centres."""
    if version == 1:
        return []
    count = version // 7 + 2
    size = side(version)
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return [6, *sorted(size - 7 - i * step for i in range(count - 1))]


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16


def _data_codewords(version: int, data: bytes) -> list[int]:
    """Mode, length, the bytes, the terminator and the padding, as codewords."""
    total = sum(BLOCKS_M[version][1])
    bits = [0, 1, 0, 0]  # byte mode
    bits += _bits(len(data), _count_bits(version))
    for byte in data:
        bits += _bits(byte, 8)
    bits += [0] * min(4, total * 8 - len(bits))
    bits += [0] * (-len(bits) % 8)
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8)]
    codewords += [PAD_BYTES[i % 2] for i in range(total - len(codewords))]
    return codewords


def _bits(value: int, length: int) -> list[int]:
    return [(value >> i) & 1 for i in reversed(range(length))]


def _with_error_correction(version: int, data: list[int]) -> list[int]:
    """Each block's data and Reed-Solomon codewords, interleaved as the standard orders them."""
    ec_length, lengths = BLOCKS_M[version]
    blocks = []
    start = 0
    for length in lengths:
        blocks.append(data[start : start + length])
        start += length
    divisor = _rs_divisor(ec_length)
    ecc = [_rs_remainder(block, divisor) for block in blocks]
    out = [block[i] for i in range(max(lengths)) for block in blocks if i < len(block)]
    out += [code[i] for i in range(ec_length) for code in ecc]
    return out


def _gf_multiply(x: int, y: int) -> int:
    """Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1."""
    z = 0
    for i in reversed(range(8)):
        z = (z << 1) ^ ((z >> 7) * 0x11D)
        z ^= ((y >> i) & 1) * x
    return z


@cache
def _rs_divisor(degree: int) -> tuple[int, ...]:
    """The generator polynomial's coefficients (highest first, the leading 1 left out)."""
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _gf_multiply(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _gf_multiply(root, 0x02)
    return tuple(result)


def _rs_remainder(data: list[int], divisor: tuple[int, ...]) -> list[int]:
    result = [0] * len(divisor)
    for byte in data:
        factor = byte ^ result.pop(0)
        result.append(0)
        for i, coefficient in enumerate(divisor):
            result[i] ^= _gf_multiply(coefficient, factor)
    return result


def _function_patterns(version: int) -> tuple[Grid, Grid]:
    """The finder, timing and alignment patterns, the version information and the dark module;
    the second grid marks every module they (and the format information) take."""
    size = side(version)
    dark = [[False] * size for _ in range(size)]
    reserved = [[False] * size for _ in range(size)]

    def put(x: int, y: int, value: bool) -> None:
        dark[y][x] = value
        reserved[y][x] = True

    for i in range(size):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                if 0 <= cx + dx < size and 0 <= cy + dy < size:
                    put(cx + dx, cy + dy, max(abs(dx), abs(dy)) not in (2, 4))
    positions = alignment_positions(version)
    last = len(positions) - 1
    for i, cy in enumerate(positions):
        for j, cx in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue  # where the finder patterns are
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    put(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1)
    for x, y in _format_cells(size):  # reserved now, drawn once the mask is chosen
        put(x, y, False)
    put(8, size - 8, True)
    if version >= 7:
        remainder = version
        for _ in range(12):
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
        bits = version << 12 | remainder
        for i in range(18):
            bit = (bits >> i) & 1 == 1
            a, b = size - 11 + i % 3, i // 3
            put(a, b, bit)
            put(b, a, bit)
    return dark, reserved


def _format_cells(size: int) -> Iterator[tuple[int, int]]:
    """Where the 15 format bits go, bit 0 first, both copies (x, y)."""
    first = [(8, i) for i in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(14 - i, 8) for i in range(9, 15)]
    second = [(size - 1 - i, 8) for i in range(8)] + [(8, size - 15 + i) for i in range(8, 15)]
    for pair in zip(first, second, strict=True):
        yield from pair


def _draw_format(dark: Grid, mask: int) -> None:
    data = FORMAT_LEVEL_M << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    bits = (data << 10 | remainder) ^ 0x5412
    for index, (x, y) in enumerate(_format_cells(len(dark))):
        dark[y][x] = (bits >> (index // 2)) & 1 == 1


def _place(dark: Grid, reserved: Grid, codewords: list[int]) -> None:
    """The codewords' bits in the zigzag of two-column strips, right to left."""
    size = len(dark)
    bits = [(byte >> (7 - i)) & 1 == 1 for byte in codewords for i in range(8)]
    index = 0
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5  # the vertical timing pattern's column is skipped
        upward = ((right + 1) & 2) == 0
        for step in range(size):
            y = size - 1 - step if upward else step
            for x in (right, right - 1):
                if not reserved[y][x] and index < len(bits):
                    dark[y][x] = bits[index]
                    index += 1
        right -= 2


# the eight mask patterns of ISO/IEC 18004 (x = column, y = row): True where a module flips
MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


def _masked(dark: Grid, reserved: Grid, mask: int) -> Grid:
    flip = MASKS[mask]
    return [
        [value != (not reserved[y][x] and flip(x, y)) for x, value in enumerate(row)]
        for y, row in enumerate(dark)
    ]


FINDER_LIKE = (
    [True, False, True, True, True, False, True] + [False] * 4,
    [False] * 4 + [True, False, True, True, True, False, True],
)


def penalty(dark: Grid) -> int:
    """The standard's four penalties: runs, 2x2 blocks, finder-like patterns, dark/light balance."""
    lines = dark + [list(column) for column in zip(*dark, strict=True)]
    score = 0
    for line in lines:
        run = 1
        for previous, current in pairwise(line):
            if current == previous:
                run += 1
            else:
                score += run - 2 if run >= 5 else 0
                run = 1
        score += run - 2 if run >= 5 else 0
        for start in range(len(line) - 10):
            if line[start : start + 11] in FINDER_LIKE:
                score += 40
    size = len(dark)
    for y in range(size - 1):
        for x in range(size - 1):
            if dark[y][x] == dark[y][x + 1] == dark[y + 1][x] == dark[y + 1][x + 1]:
                score += 3
    dark_count = sum(map(sum, dark))
    score += abs(dark_count * 20 - size * size * 10) // (size * size) * 10
    return score
