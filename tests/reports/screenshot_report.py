#!/usr/bin/env python3
"""Looks at report.html the way a person would: runs a scenario with `meshsim run
--report-dir`, opens report.html in headless Chromium and saves a screenshot (kept as a CI
artifact). Checks that Chromium rendered a page of the requested size that is not blank.

Usage: screenshot_report.py MESHSIM SCENARIO OUT_DIR SCREENSHOT.png
Exit 0: rendered; 1: Chromium failed or the image is blank; 77: no chromium installed.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def png_size_and_colours(path):
    """(width, height, distinct colours in a sample of rows) of an 8-bit RGB(A) PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}.get(ctype, 0)
    colours = set()
    if channels:
        stride = width * channels + 1
        for y in range(0, height, max(1, height // 50)):
            row = raw[y * stride + 1:(y + 1) * stride]  # filter bytes make this approximate
            for x in range(0, len(row) - channels, channels * 7):
                colours.add(row[x:x + channels])
    return width, height, len(colours)


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    meshsim, scenario, out, png = argv[1:]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("skipped: chromium is not installed (apt-get install -y chromium)")
        sys.exit(77)
    run = subprocess.run([meshsim, "run", scenario, "--quiet", "--report-dir", out],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode not in (0, 1):
        print("FAIL: meshsim run exited %d:\n%s" % (run.returncode, run.stdout))
        sys.exit(1)
    os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
    if os.path.exists(png):
        os.remove(png)
    with tempfile.TemporaryDirectory() as profile:
        shot = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + os.path.abspath(png),
             "--window-size=1280,2000", "file://" + os.path.abspath(os.path.join(out, "report.html"))],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    if not os.path.exists(png):
        print("FAIL: chromium wrote no screenshot (exit %d):\n%s" % (shot.returncode, shot.stdout))
        sys.exit(1)
    width, height, colours = png_size_and_colours(png)
    if (width, height) != (1280, 2000):
        print("FAIL: screenshot is %dx%d, expected 1280x2000" % (width, height))
        sys.exit(1)
    if colours < 3:
        print("FAIL: screenshot looks blank (%d colours sampled)" % colours)
        sys.exit(1)
    print("ok: %s (%dx%d, %d colours sampled)" % (png, width, height, colours))


if __name__ == "__main__":
    main(sys.argv)
