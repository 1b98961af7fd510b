#!/usr/bin/env python3
"""Prints a PNG's width, height and the standard deviation of its pixel
values (all channels), so a test can tell a drawn page from a blank one.
Standard library only: 8-bit RGB or RGBA, non-interlaced, as Chromium's
--screenshot writes them.
Usage: png_stats.py FILE.png  ->  "WIDTH HEIGHT STDDEV"
"""
import struct
import sys
import zlib


def read_chunks(data):
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[kind]) & 0xFF
        rows.append(line)
        prev = line
    return rows


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(path + ": not a PNG")
    idat = b""
    for kind, body in read_chunks(data):
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit(path + ": unsupported PNG (depth %d, colour %d)" % (depth, colour))
    rows = unfilter(zlib.decompress(idat), width, height, 3 if colour == 2 else 4)
    n = total = squares = 0
    for line in rows:
        total += sum(line)
        squares += sum(v * v for v in line)
        n += len(line)
    mean = total / n
    print(width, height, "%.2f" % max(squares / n - mean * mean, 0) ** 0.5)


if __name__ == "__main__":
    main(sys.argv[1])
