#!/usr/bin/env python3
"""Acceptance tests of `dptwin live --view` (standard library only).

Usage: test_live_view.py PATH/TO/dptwin SOURCE_DIR [unittest options]

The Xichong beach sample feed runs through the fusion graph with the operator console open in a
1280x720 window on Xvfb (lavapipe, the Khronos validation layer on: any validation error fails).
The last frame is compared with the same view on an empty feed: the tracks (agents and trails)
must change the beach in the 3-D view; nothing drawn means no difference and a failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import png_pixels, png_size, xvfb_run  # noqa: E402  (the PNG reader and Xvfb helper)

DPTWIN = None
SOURCE_DIR = None
TIMINGS = []  # (what, seconds), printed at the end


def sample_feed():
    return os.path.join(SOURCE_DIR, "assets", "dapeng", "feeds", "xichong_sample.ndjson")


def live_view(feed, out_dir, shot, frames="60", extra=()):
    """dptwin live --view under Xvfb; returns the CompletedProcess."""
    args = [DPTWIN, "live", "--feed", feed, "--speed", "0", "--out", out_dir, "--quiet", "--view", "--view-name",
            "xichong-beach", "--exit-after", frames, "--screenshot", shot, "--validation", "--gpu", "llvmpipe", *extra]
    t0 = time.monotonic()
    p = subprocess.run(xvfb_run() + args, capture_output=True, text=True, timeout=300)
    TIMINGS.append((" ".join(args[1:])[:110], time.monotonic() - t0))
    return p


def differing_pixels(a, b, x0, y0, x1, y1, levels=24):
    """Pixels in [x0, x1) x [y0, y1) where some channel differs by more than `levels`."""
    n = 0
    for y in range(y0, y1):
        ra, rb = a[y], b[y]
        for x in range(3 * x0, 3 * x1, 3):
            if max(abs(ra[x + i] - rb[x + i]) for i in range(3)) > levels:
                n += 1
    return n


class LiveView(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="dpt-live-view-")
        cls.empty = os.path.join(cls.tmp.name, "empty.ndjson")
        open(cls.empty, "w").close()
        cls.shot = os.path.join(cls.tmp.name, "tracks.png")
        cls.bare = os.path.join(cls.tmp.name, "bare.png")
        cls.run_tracks = live_view(sample_feed(), os.path.join(cls.tmp.name, "run"), cls.shot)
        cls.run_bare = live_view(cls.empty, os.path.join(cls.tmp.name, "bare"), cls.bare)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exits_0_without_validation_errors(self):
        for p in (self.run_tracks, self.run_bare):
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertIn("validation 0 error(s)", p.stdout)
            self.assertIn("viewed     60 frame(s)", p.stdout)

    def test_the_run_still_ends_with_its_json_line_and_has_tracks(self):
        self.assertEqual(self.run_tracks.returncode, 0, self.run_tracks.stdout + self.run_tracks.stderr)
        last = json.loads(self.run_tracks.stdout.strip().splitlines()[-1])
        self.assertGreater(last["tracks"], 0)
        self.assertGreater(last["accepted"], 0)

    def test_screenshots_have_the_window_size(self):
        self.assertEqual(png_size(self.shot), (1280, 720))
        self.assertEqual(png_size(self.bare), (1280, 720))

    def test_tracks_are_drawn_on_the_beach(self):
        """The xichong-beach view looks at the beach from the centre of the window: the tracks must
        change pixels there (agents and trails) against the same view with no tracks."""
        w, h, got = png_pixels(self.shot)
        _, _, bare = png_pixels(self.bare)
        x0, x1, y0, y1 = w * 3 // 10, w * 7 // 10, h // 4, h * 3 // 4  # inside the side panels
        changed = differing_pixels(got, bare, x0, y0, x1, y1)
        self.assertGreater(changed, 100, "only %d pixels of the beach differ with tracks" % changed)

    def test_a_bad_view_name_exits_2_before_writing_anything(self):
        out = os.path.join(self.tmp.name, "nowhere")
        p = subprocess.run([DPTWIN, "live", "--feed", self.empty, "--out", out, "--view", "--view-name", "nowhere"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("no such view", p.stderr)
        self.assertFalse(os.path.exists(out))


def main():
    global DPTWIN, SOURCE_DIR
    if len(sys.argv) < 3:
        sys.exit("usage: test_live_view.py PATH/TO/dptwin SOURCE_DIR [unittest options]")
    DPTWIN = os.path.abspath(sys.argv[1])
    SOURCE_DIR = os.path.abspath(sys.argv[2])
    prog = unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]], exit=False)
    sys.stderr.write("\ntimings (s):\n")
    for what, seconds in TIMINGS:
        sys.stderr.write("  %7.2f  %s\n" % (seconds, what))
    sys.exit(0 if prog.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
