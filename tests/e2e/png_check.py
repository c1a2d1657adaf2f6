#!/usr/bin/env python3
"""Checks a screenshot: a PNG of the expected size that is not blank.

usage: png_check.py FILE WIDTH HEIGHT [#rrggbb...]

Decodes the PNG with the standard library only (zlib; 8-bit RGB or RGBA, as Chromium
writes them), then requires that the page is not one flat colour: at least 8 distinct colours,
at least 5% of the pixels not white, and every colour given on the command line present
(e.g. the report's header and drift colours, so the matrix really rendered). Prints what it
found; exits 1 when a check fails.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, up_left = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    wanted = [bytes.fromhex(c.lstrip("#")) for c in sys.argv[4:]]
    width, height, bpp, rows = read_png(path)
    colours, not_white = {}, 0
    for row in rows:
        for x in range(0, len(row), bpp):
            rgb = row[x:x + 3]
            colours[rgb] = colours.get(rgb, 0) + 1
            if rgb != b"\xff\xff\xff":
                not_white += 1
    share = not_white / (width * height)
    print(f"{path}: {width}x{height}, {len(colours)} distinct colours, {share:.1%} not white")
    ok = True
    if (width, height) != (want_w, want_h):
        print(f"FAIL: expected {want_w}x{want_h}")
        ok = False
    if len(colours) < 8 or share < 0.05:
        print("FAIL: the page looks blank")
        ok = False
    for c in wanted:
        if c not in colours:
            print(f"FAIL: colour #{c.hex()} does not appear")
            ok = False
        else:
            print(f"colour #{c.hex()}: {colours[c]} pixels")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
