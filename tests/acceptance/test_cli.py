#!/usr/bin/env python3
"""Acceptance tests of the real dptwin binary (standard library only).

Usage: test_cli.py PATH/TO/dptwin SOURCE_DIR [unittest options]

The full acceptance criterion runs scenarios/default.toml as written (2 h of 10 s steps) at 1
and at 2 threads; the other tests shorten runs with --until or --set.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

DPTWIN = None
SOURCE_DIR = None
TIMINGS = []  # (what, seconds), printed at the end


def default_scenario():
    return os.path.join(SOURCE_DIR, "scenarios", "default.toml")


def dptwin(*args, cwd=None, timeout=300):
    """Runs dptwin; returns (exit status, stdout, stderr)."""
    t0 = time.monotonic()
    p = subprocess.run([DPTWIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    TIMINGS.append((" ".join(args)[:110], time.monotonic() - t0))
    return p.returncode, p.stdout, p.stderr


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def line_of(text, needle):
    pos = text.index(needle)
    return text.count("\n", 0, pos) + 1


REPLAY_VERIFIED = re.compile(r"replayed:\s+(\d+) steps verified")
REPLAY_DIGEST = re.compile(r"final digest ([0-9a-f]{16})")
REPLAY_DAMAGE = re.compile(r"damaged:\s+chunk (\d+) at byte (\d+): (.+)")


class TempDirCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dpt-acc-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


class DefaultScenarioAcceptance(unittest.TestCase):
    """The acceptance criterion on scenarios/default.toml, run once at 1 and once at 2 threads."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dpt-acc-full-")
        cls.a = os.path.join(cls.tmp, "A")
        cls.b = os.path.join(cls.tmp, "B")
        cls.run_a = dptwin("run", default_scenario(), "--seed", "7", "--threads", "1", "--out", cls.a, cwd=cls.tmp)
        cls.run_b = dptwin("run", default_scenario(), "--seed", "7", "--threads", "2", "--out", cls.b, cwd=cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def test_runs_complete(self):
        for (code, out, err), d in ((self.run_a, self.a), (self.run_b, self.b)):
            self.assertEqual(code, 0, err)
            run = read_json(os.path.join(d, "run.json"))
            self.assertEqual(run["status"], "completed")
            self.assertEqual(run["sim"]["steps_run"], 720)
            self.assertEqual(run["seed"], 7)
            self.assertIn("completed after 720 of 720 steps", out)
            self.assertIn(run["final_digest"], out)
        self.assertEqual(read_json(os.path.join(self.a, "run.json"))["threads"], 1)
        self.assertEqual(read_json(os.path.join(self.b, "run.json"))["threads"], 2)

    def test_outputs_byte_identical_at_1_and_2_threads(self):
        for name in ("kpi.json", "events.ndjson", "recording.dptrec"):
            with self.subTest(file=name):
                a = read_bytes(os.path.join(self.a, name))
                self.assertGreater(len(a), 0)
                self.assertEqual(a, read_bytes(os.path.join(self.b, name)), name + " differs between 1 and 2 threads")
        # The domain outputs too.
        run = read_json(os.path.join(self.a, "run.json"))
        for name in run["files"]:
            if name.startswith("fields/"):
                with self.subTest(file=name):
                    self.assertEqual(read_bytes(os.path.join(self.a, name)), read_bytes(os.path.join(self.b, name)))

    def test_run_json_differs_only_in_wall_clock_fields(self):
        a = read_json(os.path.join(self.a, "run.json"))
        b = read_json(os.path.join(self.b, "run.json"))
        self.assertNotEqual(a["threads"], b["threads"])
        for j in (a, b):
            self.assertIn("wall", j)
            del j["wall"]
            del j["threads"]
        self.assertEqual(a, b)

    def test_replay_reproduces_the_run(self):
        code, out, err = dptwin("replay", self.a, cwd=self.tmp)
        self.assertEqual(code, 0, out + err)
        final = read_json(os.path.join(self.a, "run.json"))["final_digest"]
        m = REPLAY_DIGEST.search(out)
        self.assertIsNotNone(m, out)
        self.assertEqual(m.group(1), final)
        self.assertIn("(recorded %s: match)" % final, out)
        self.assertEqual(int(REPLAY_VERIFIED.search(out).group(1)), 720)
        self.assertIn("run status 'completed'", out)
        self.assertNotIn("damaged", out)

    def test_replay_of_a_recording_cut_in_half_fails_and_says_where(self):
        with tempfile.TemporaryDirectory(prefix="dpt-acc-cut-") as d:
            rec = os.path.join(d, "recording.dptrec")
            data = read_bytes(os.path.join(self.a, "recording.dptrec"))
            with open(rec, "wb") as f:
                f.write(data[: len(data) // 2])
            code, out, err = dptwin("replay", d, "--quiet")
            self.assertEqual(code, 1, out + err)
            m = REPLAY_DAMAGE.search(out)
            self.assertIsNotNone(m, out)
            chunk, offset, reason = int(m.group(1)), int(m.group(2)), m.group(3)
            self.assertGreater(chunk, 0)
            self.assertLess(offset, len(data) // 2)
            self.assertIn("truncated", reason)
            verified = int(REPLAY_VERIFIED.search(out).group(1))
            self.assertLess(verified, 720)

    def test_replay_of_a_flipped_byte_fails_with_checksum_mismatch(self):
        with tempfile.TemporaryDirectory(prefix="dpt-acc-flip-") as d:
            rec = os.path.join(d, "recording.dptrec")
            data = bytearray(read_bytes(os.path.join(self.a, "recording.dptrec")))
            data[len(data) * 3 // 4] ^= 0x20
            with open(rec, "wb") as f:
                f.write(data)
            code, out, err = dptwin("replay", rec, "--quiet")
            self.assertEqual(code, 1, out + err)
            self.assertIsNotNone(REPLAY_DAMAGE.search(out), out)
            self.assertIn("checksum mismatch", out)


class ValidationErrors(TempDirCase):
    """A scenario with a misspelt key, a wrong type and a missing file: every error, file:line."""

    def write_bad_scenario(self):
        with open(default_scenario(), encoding="utf-8") as f:
            text = f.read()
        text = text.replace('duration = "2h"', 'durration = "2h"', 1)
        text = text.replace("seed = 7", 'seed = "seven"', 1)
        text = text.replace('source = "keyframes"', 'source = "keyframes"\nstations_file = "missing.csv"', 1)
        path = self.path("bad.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path, text

    def check_errors(self, path, text, stderr):
        expected = {
            "durration": (line_of(text, "durration ="), "unknown key 'durration' in [scenario]; did you mean 'duration'?"),
            "seed": (line_of(text, 'seed = "seven"'), "'seed' in [scenario] must be an integer"),
            "file": (line_of(text, "stations_file ="), "file not found"),
        }
        for what, (line, message) in expected.items():
            with self.subTest(error=what):
                pattern = re.escape("%s:%d:" % (path, line)) + r"\d+: error: .*" + re.escape(message)
                self.assertRegex(stderr, pattern)
        # Nothing else but the consequence of the misspelling: 'duration' is missing from [scenario].
        allowed_lines = {line for line, _ in expected.values()} | {line_of(text, "[scenario]")}
        error_lines = re.findall(re.escape(path) + r":(\d+):\d+: error: ", stderr)
        self.assertGreaterEqual(len(error_lines), 3)
        self.assertLessEqual({int(n) for n in error_lines}, allowed_lines, stderr)
        self.assertIn("%s: %d error(s)" % (path, len(error_lines)), stderr)

    def test_validate_reports_every_error(self):
        path, text = self.write_bad_scenario()
        code, out, err = dptwin("validate", path, cwd=self.tmp)
        self.assertEqual(code, 2, out + err)
        self.check_errors(path, text, err)

    def test_run_reports_the_same_errors_and_runs_nothing(self):
        path, text = self.write_bad_scenario()
        out_dir = self.path("never")
        code, out, err = dptwin("run", path, "--out", out_dir, cwd=self.tmp)
        self.assertEqual(code, 2, out + err)
        self.check_errors(path, text, err)
        self.assertIn("nothing was run", err)
        self.assertFalse(os.path.exists(out_dir))

    def test_validate_accepts_the_default_scenario(self):
        code, out, err = dptwin("validate", default_scenario())
        self.assertEqual(code, 0, out + err)
        self.assertIn("ok", out)
        self.assertIn("720 steps", out)
        self.assertIn("modules: wind, tracers", out)

    def test_a_bad_set_is_reported_with_the_set(self):
        code, out, err = dptwin("validate", default_scenario(), "--set", "scenario.seed=seven")
        self.assertEqual(code, 2, out + err)
        self.assertIn("--set scenario.seed=seven", err)
        code, out, err = dptwin("validate", default_scenario(), "--set", "scenario.duration=3h")
        self.assertEqual(code, 0, out + err)
        self.assertIn("1080 steps", out)

    def test_a_toml_syntax_error_names_its_line(self):
        path = self.path("syntax.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[scenario]\nname = "x"\nseed = = 3\n')
        code, out, err = dptwin("validate", path)
        self.assertEqual(code, 2, out + err)
        self.assertRegex(err, re.escape(path) + r":3:\d+: error: TOML syntax")

    def test_a_missing_scenario_file(self):
        code, out, err = dptwin("validate", self.path("none.toml"))
        self.assertEqual(code, 2, out + err)
        self.assertIn("none.toml", err)


class Interrupt(TempDirCase):
    """Ctrl-C ends a run at a step boundary with every file complete and the recording replayable."""

    def wait_for_recording(self, out_dir, p):
        """The stop handler is in place once the run has created its recording."""
        deadline = time.monotonic() + 60
        while not os.path.exists(os.path.join(out_dir, "recording.dptrec")):
            if p.poll() is not None or time.monotonic() > deadline:
                p.kill()
                self.fail("dptwin run did not start its recording (exit status %s)" % p.poll())
            time.sleep(0.02)

    def test_sigint_stops_cleanly_and_the_recording_replays(self):
        out_dir = self.path("run")
        t0 = time.monotonic()
        p = subprocess.Popen([DPTWIN, "run", default_scenario(), "--set", "scenario.duration=12h", "--threads", "2",
                              "--out", out_dir, "--progress", "none"],
                             cwd=self.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.wait_for_recording(out_dir, p)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=120)
        TIMINGS.append(("run 12h + SIGINT after 1.5 s", time.monotonic() - t0))
        self.assertEqual(p.returncode, 1, out + err)
        self.assertIn("interrupted", out)

        run = read_json(os.path.join(out_dir, "run.json"))
        self.assertEqual(run["status"], "interrupted")
        steps_run = run["sim"]["steps_run"]
        self.assertGreater(steps_run, 0)
        self.assertLess(steps_run, run["sim"]["steps_planned"])
        self.assertEqual(run["sim"]["steps_planned"], 4320)
        for name in ("kpi.json", "events.ndjson", "recording.dptrec"):
            self.assertTrue(os.path.exists(os.path.join(out_dir, name)), name)
        read_json(os.path.join(out_dir, "kpi.json"))  # complete JSON

        code, rout, rerr = dptwin("replay", out_dir, "--quiet")
        self.assertEqual(code, 0, rout + rerr)
        self.assertIn("run status 'interrupted'", rout)
        self.assertEqual(int(REPLAY_VERIFIED.search(rout).group(1)), steps_run)
        self.assertEqual(REPLAY_DIGEST.search(rout).group(1), run["final_digest"])

    def test_sigkill_leaves_a_recording_that_replays_as_unfinished(self):
        out_dir = self.path("run")
        p = subprocess.Popen([DPTWIN, "run", default_scenario(), "--set", "scenario.duration=12h", "--out", out_dir,
                              "--progress", "none"],
                             cwd=self.tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_for_recording(out_dir, p)
        time.sleep(1.5)
        p.kill()
        p.wait(timeout=60)
        self.assertEqual(p.returncode, -signal.SIGKILL)
        code, out, err = dptwin("replay", out_dir, "--quiet")
        self.assertEqual(code, 1, out + err)
        self.assertTrue("unfinished" in out or "damaged" in out, out)


class Usage(TempDirCase):
    VERB_OPTIONS = {
        "run": ["SCENARIO", "--out", "--seed", "--threads", "--until", "--set", "--progress", "--quiet", "--force",
                "--frames", "--frame-view", "--frame-size"],
        "render": ["SCENARIO", "--at", "--view", "--camera", "--size", "--out", "--water-level", "--validation"],
        "view": ["SCENARIO", "--view", "--at", "--size", "--speed", "--play", "--exit-after", "--screenshot", "--validation"],
        "validate": ["SCENARIO", "--set"],
        "replay": ["RUN_DIR", "--threads", "--quiet"],
    }

    def test_top_level_help(self):
        for flag in ("--help", "-h"):
            code, out, err = dptwin(flag)
            self.assertEqual(code, 0, err)
            for verb in self.VERB_OPTIONS:
                self.assertIn(verb, out)
            self.assertIn("--version", out)
            self.assertIn("Exit status", out)

    def test_help_of_every_verb(self):
        for verb, options in self.VERB_OPTIONS.items():
            with self.subTest(verb=verb):
                code, out, err = dptwin(verb, "--help")
                self.assertEqual(code, 0, err)
                self.assertIn("dptwin " + verb, out)
                for o in options:
                    self.assertIn(o, out)

    def test_version(self):
        with open(os.path.join(SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
            version = re.search(r"project\(dptwin VERSION ([0-9.]+)", f.read()).group(1)
        code, out, err = dptwin("--version")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.strip(), "dptwin " + version)

    def test_usage_errors_exit_2(self):
        cases = [
            (),                                          # no verb
            ("frobnicate",),                             # unknown verb
            ("run",),                                    # missing SCENARIO
            ("validate",),
            ("replay",),                                 # missing RUN_DIR
            ("run", default_scenario(), "--threads", "0"),
            ("run", default_scenario(), "--progress", "fancy"),
            ("run", default_scenario(), "--no-such-option"),
        ]
        for args in cases:
            with self.subTest(args=args):
                code, out, err = dptwin(*args, cwd=self.tmp)
                self.assertEqual(code, 2, out + err)
                self.assertNotEqual(err.strip(), "")
        self.assertEqual(os.listdir(self.tmp), [], "a usage error must not create a run directory")

    def test_an_unknown_verb_is_named(self):
        code, out, err = dptwin("frobnicate", cwd=self.tmp)
        self.assertEqual(code, 2, out + err)
        self.assertIn("unknown verb 'frobnicate'", err)
        self.assertIn("run, validate, replay", err)

    def test_bad_until_exits_2(self):
        code, out, err = dptwin("run", default_scenario(), "--until", "soon", "--out", self.path("x"), cwd=self.tmp)
        self.assertEqual(code, 2, out + err)
        self.assertIn("--until", err)

    def test_replay_of_nothing_exits_2(self):
        code, out, err = dptwin("replay", self.path("no-such-run"))
        self.assertEqual(code, 2, out + err)
        self.assertIn("cannot open recording", err)

    def test_out_must_be_empty_unless_forced(self):
        out_dir = self.path("out")
        os.makedirs(out_dir)
        keep = os.path.join(out_dir, "precious.txt")
        with open(keep, "w") as f:
            f.write("do not delete")
        short = ("run", default_scenario(), "--until", "10min", "--out", out_dir, "--quiet")
        code, out, err = dptwin(*short, cwd=self.tmp)
        self.assertEqual(code, 2, out + err)
        self.assertIn("--force", err)
        self.assertEqual(os.listdir(out_dir), ["precious.txt"])

        code, out, err = dptwin(*short, "--force", cwd=self.tmp)
        self.assertEqual(code, 0, out + err)
        self.assertFalse(os.path.exists(keep))
        run = read_json(os.path.join(out_dir, "run.json"))
        self.assertEqual(run["status"], "completed")
        self.assertEqual(run["sim"]["steps_run"], 60)

        # An empty directory is fine without --force.
        empty = self.path("empty")
        os.makedirs(empty)
        code, out, err = dptwin("run", default_scenario(), "--until", "1min", "--out", empty, "--quiet", cwd=self.tmp)
        self.assertEqual(code, 0, out + err)
        self.assertTrue(os.path.exists(os.path.join(empty, "recording.dptrec")))

    def test_info_json_lists_the_stack_and_a_vulkan_device(self):
        # Under the asan preset: lavapipe keeps some state for as long as its library is loaded, and
        # LeakSanitizer calls it a leak once the Vulkan loader unloads the driver. Our own Vulkan code
        # is leak-checked by test_render, which keeps the driver loaded.
        asan = os.environ.get("ASAN_OPTIONS", "")
        no_driver_leaks = dict(os.environ, ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")
        t0 = time.monotonic()
        p = subprocess.run([DPTWIN, "info", "--json", "--validation"], capture_output=True, text=True, timeout=120,
                           env=no_driver_leaks)
        TIMINGS.append(("info --json --validation", time.monotonic() - t0))
        code, out, err = p.returncode, p.stdout, p.stderr
        info = json.loads(out)  # one JSON object, whatever the exit status
        self.assertEqual(info["engine"]["version"], dptwin("--version")[1].split()[1])
        for lib in ("GDAL", "PROJ", "oneTBB", "zstd", "Bullet", "Dear ImGui", "GLM", "GLFW"):
            self.assertRegex(info["stack"][lib], r"^\d+\.\d+", lib)
        vk = info["vulkan"]
        if not vk["devices"] and os.environ.get("DPT_ALLOW_NO_VULKAN") == "1":
            self.assertEqual(code, 1, err)
            self.assertIn("cannot render", err)
            self.skipTest("no Vulkan driver here (DPT_ALLOW_NO_VULKAN=1): " + vk["error"])
        self.assertEqual(code, 0, out + err)
        self.assertTrue(vk["usable"])
        self.assertGreaterEqual(len(vk["devices"]), 1)
        chosen = vk["devices"][vk["chosen"]]
        self.assertGreater(chosen["score"], 0)
        self.assertIn(chosen["type"], ("discrete", "integrated", "virtual", "cpu", "other"))
        modules = vk["device_check"]["shader_modules"]
        for name in ("field_overlay.vert", "field_overlay.frag", "terrain.vert", "terrain.frag", "mesh.vert", "mesh.frag",
                     "sea.vert", "sea.frag", "road.vert", "road.frag", "text.vert", "text.frag"):
            self.assertIn(name, modules)
        self.assertEqual(len(modules), len(set(modules)))
        self.assertTrue(vk["validation"]["enabled"])
        self.assertEqual(vk["validation"]["errors"], 0, vk["validation"]["messages"])
        # Without any Vulkan driver: exit 1, says why, and the JSON still parses.
        env = dict(no_driver_leaks, VK_ICD_FILENAMES="/nonexistent/icd.json", VK_DRIVER_FILES="/nonexistent/icd.json")
        p = subprocess.run([DPTWIN, "info", "--json"], capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertFalse(json.loads(p.stdout)["vulkan"]["usable"])
        self.assertIn("cannot render", p.stderr)


def png_size(path):
    """(width, height) from a PNG's IHDR chunk."""
    data = read_bytes(path)
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise AssertionError(path + " is not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def png_pixels(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA, non-interlaced PNG (as ours are)."""
    import zlib
    data = read_bytes(path)
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big"), body[8], body[9]
            if depth != 8 or ctype not in (2, 6) or body[12] != 0:
                raise AssertionError(path + ": only 8-bit RGB/RGBA non-interlaced PNGs are read here")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):  # PNG filters (ISO/IEC 15948, 9.2)
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
        prev = line
    return width, height, rows


XVFB_CALLS = [0]


def xvfb_run():
    """xvfb-run with a 1280x720 screen. -a alone races when two test processes start X servers at
    once (both pick :99), and a server that has just exited may still hold its display for a
    moment: every call starts its search at a new number, from the pid and a call counter."""
    XVFB_CALLS[0] += 1
    display = 100 + (os.getpid() * 7 + XVFB_CALLS[0] * 13) % 2000
    return ["xvfb-run", "-a", "-n", str(display), "-s", "-screen 0 1280x720x24"]


class Render(TempDirCase):
    """dptwin render and dptwin run --frames on lavapipe (the real binary, the default district)."""

    def test_overview_at_1920x1080_with_no_validation_error(self):
        out = self.path("overview.png")
        code, so, se = dptwin("render", default_scenario(), "--view", "overview", "--size", "1920x1080", "--out", out,
                              "--validation", "--gpu", "llvmpipe")
        self.assertEqual(code, 0, so + se)
        self.assertIn("validation 0 error(s)", so)
        self.assertEqual(png_size(out), (1920, 1080))
        m = re.search(r"(\d+) terrain chunks, (\d+) building tiles, (\d+) labels", so)
        self.assertIsNotNone(m, so)
        self.assertGreater(int(m.group(1)), 100)
        self.assertGreater(int(m.group(2)), 50)
        self.assertGreaterEqual(int(m.group(3)), 8)

    def test_at_a_time_draws_the_wind_of_that_time(self):
        out = self.path("at.png")
        code, so, se = dptwin("render", default_scenario(), "--at", "30min", "--size", "480x270", "--out", out,
                              "--validation", "--gpu", "llvmpipe")
        self.assertEqual(code, 0, so + se)
        self.assertIn("validation 0 error(s)", so)
        self.assertEqual(png_size(out), (480, 270))

    def test_bench_render_ends_with_its_json_line(self):
        code, so, se = dptwin("bench", "render", "--agents", "2000", "--frames", "2", "--size", "320x180", "--gpu", "llvmpipe")
        self.assertEqual(code, 0, so + se)
        last = json.loads(so.strip().splitlines()[-1])
        for key in ("device", "width", "height", "frames", "median_ms", "p95_ms", "gpu_median_ms", "triangles",
                    "instances", "buildings", "agents"):
            self.assertIn(key, last)
        self.assertEqual(last["instances"], 2000)
        self.assertEqual((last["width"], last["height"], last["frames"]), (320, 180, 2))
        self.assertGreater(last["triangles"], 0)
        self.assertGreaterEqual(last["p95_ms"], last["median_ms"])

    def test_through_a_district_camera(self):
        out = self.path("cam.png")
        code, so, se = dptwin("render", os.path.join(SOURCE_DIR, "assets", "dapeng"), "--camera", "17", "--size",
                              "320x180", "--out", out, "--gpu", "llvmpipe")
        self.assertEqual(code, 0, so + se)
        self.assertEqual(png_size(out), (320, 180))

    def test_bad_arguments_exit_2_and_say_why(self):
        cases = [
            (["--view", "nowhere"], "no such view"),
            (["--size", "12x9000000"], "--size"),
            (["--camera", "999999"], "--camera 999999"),
            (["--at", "9h"], "outside the scenario"),
        ]
        for extra, needle in cases:
            with self.subTest(extra=extra):
                code, so, se = dptwin("render", default_scenario(), "--out", self.path("x.png"), *extra)
                self.assertEqual(code, 2, so + se)
                self.assertIn(needle, se)
                self.assertFalse(os.path.exists(self.path("x.png")))

    def test_view_opens_a_window_under_xvfb_and_matches_the_console_golden(self):
        """The operator console over the overview, paused at t = 0, in a 1280x720 window on Xvfb; the
        status bar (frame times) is left out of the comparison."""
        shot = self.path("view.png")
        p = subprocess.run(xvfb_run() + [DPTWIN, "view", default_scenario(),
                            "--exit-after", "3", "--screenshot", shot, "--validation", "--gpu", "llvmpipe"],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("validation 0 error(s)", p.stdout)
        self.assertEqual(png_size(shot), (1280, 720))
        golden = os.path.join(SOURCE_DIR, "tests", "render", "golden", "console_overview.png")
        if os.environ.get("DPT_UPDATE_GOLDEN") == "1":
            shutil.copyfile(shot, golden)
        w, h, got = png_pixels(shot)
        gw, gh, want = png_pixels(golden)
        self.assertEqual((w, h), (gw, gh))
        off = total = 0
        for y in range(h - 30):  # the status bar's frame times differ run to run
            for x in range(0, w * 3, 3):
                total += 1
                if max(abs(got[y][x + i] - want[y][x + i]) for i in range(3)) > 8:
                    off += 1
        if off > 0.002 * total:
            shutil.copyfile(shot, os.path.join(tempfile.gettempdir(), "console_overview.actual.png"))
        self.assertLessEqual(off, 0.002 * total, "%d of %d pixels differ by more than 8 levels" % (off, total))

    def test_view_plays_back_a_recorded_run_from_any_time(self):
        run = self.path("run")
        code, so, se = dptwin("run", default_scenario(), "--until", "1h", "--out", run, "--progress", "none")
        self.assertEqual(code, 0, se)
        shot = self.path("at.png")
        xvfb = xvfb_run() + [DPTWIN, "view", run]
        p = subprocess.run(xvfb + ["--at", "40min", "--exit-after", "2", "--screenshot", shot, "--validation"],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("validation 0 error(s)", p.stdout)
        self.assertEqual(png_size(shot), (1280, 720))
        p = subprocess.run(xvfb + ["--at", "2h", "--exit-after", "1"], capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn("within the recording", p.stderr)

    def test_run_frames_are_written_and_do_not_change_the_run(self):
        a, b = self.path("A"), self.path("B")
        code, so_a, se = dptwin("run", default_scenario(), "--until", "1h", "--out", a, "--progress", "none")
        self.assertEqual(code, 0, se)
        code, so_b, se = dptwin("run", default_scenario(), "--until", "1h", "--out", b, "--progress", "none",
                                "--frames", "30min", "--frame-size", "160x90")
        self.assertEqual(code, 0, se)
        digest = re.compile(r"final state digest ([0-9a-f]{16})")
        self.assertEqual(digest.search(so_a).group(1), digest.search(so_b).group(1))
        for name in ("000000.png", "001800.png", "003600.png"):
            self.assertEqual(png_size(os.path.join(b, "frames", name)), (160, 90))
            self.assertIn("frames/" + name, so_b)
        self.assertEqual(sorted(os.listdir(os.path.join(b, "frames"))), ["000000.png", "001800.png", "003600.png"])
        code, so, se = dptwin("run", default_scenario(), "--until", "1h", "--out", self.path("C"), "--frames", "7s")
        self.assertEqual(code, 2, so + se)
        self.assertIn("multiple of the scenario's step", se)


def main():
    global DPTWIN, SOURCE_DIR
    if len(sys.argv) < 3:
        sys.exit("usage: test_cli.py PATH/TO/dptwin SOURCE_DIR [unittest options]")
    DPTWIN = os.path.abspath(sys.argv[1])
    SOURCE_DIR = os.path.abspath(sys.argv[2])
    t0 = time.monotonic()
    prog = unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]], exit=False)
    sys.stderr.write("\ntimings (s):\n")
    for what, seconds in TIMINGS:
        sys.stderr.write("  %7.2f  %s\n" % (seconds, what))
    sys.stderr.write("  %7.2f  total\n" % (time.monotonic() - t0))
    sys.exit(0 if prog.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
