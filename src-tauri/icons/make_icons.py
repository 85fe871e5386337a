#!/usr/bin/env python3
"""Draws Storyline's icon (a timeline: a rail with three dated dots) and writes the PNG and ICO
files Tauri needs. Pure standard library so it runs anywhere; rerun it after changing the design:

    python3 src-tauri/icons/make_icons.py
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

BG_TOP = (37, 99, 235)  # blue
BG_BOTTOM = (30, 64, 175)
FG = (255, 255, 255)
ACCENT = (251, 191, 36)  # amber: the "expected" event


def coverage(d):
    """Anti-aliased coverage from a signed distance in pixels (negative = inside)."""
    return max(0.0, min(1.0, 0.5 - d))


def rounded_rect_sd(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return math.hypot(x - cx, y - cy) - r


def draw(size):
    px = bytearray()
    s = size / 256.0  # the design is on a 256-unit grid
    dots = [(96, 72, FG), (96, 128, FG), (96, 184, ACCENT)]
    for j in range(size):
        row = bytearray([0])  # PNG filter type 0
        for i in range(size):
            x, y = (i + 0.5) / s, (j + 0.5) / s
            a_bg = coverage(rounded_rect_sd(x, y, 8, 8, 248, 248, 52) * s)
            t = y / 256.0
            col = [BG_TOP[k] * (1 - t) + BG_BOTTOM[k] * t for k in range(3)]
            # The rail.
            rail = coverage((abs(x - 96) - 6) * s) * coverage((max(56 - y, y - 200)) * s)
            col = [c * (1 - rail) + f * rail for c, f in zip(col, FG)]
            for dx, dy, dc in dots:
                a = coverage((math.hypot(x - dx, y - dy) - 20) * s)
                col = [c * (1 - a) + f * a for c, f in zip(col, dc)]
                # The event's text line beside each dot.
                bar = coverage(rounded_rect_sd(x, y, 132, dy - 9, 212 - (dy % 3) * 10, dy + 9, 9) * s)
                col = [c * (1 - bar) + f * bar for c, f in zip(col, FG)]
            row += bytes([round(col[0]), round(col[1]), round(col[2]), round(255 * a_bg)])
        px += row
    return px


def png(size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(draw(size)), 9)) + chunk(b"IEND", b""))


def ico(pngs):
    """An ICO holding PNG images (supported since Windows Vista)."""
    out = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    for size, data in pngs:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(d for _, d in pngs)


def main():
    files = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
    cache = {}
    for name, size in files.items():
        cache[size] = png(size)
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(cache[size])
    with open(os.path.join(HERE, "icon.ico"), "wb") as f:
        f.write(ico([(16, png(16)), (32, cache[32]), (48, png(48)), (256, cache[256])]))


if __name__ == "__main__":
    main()
