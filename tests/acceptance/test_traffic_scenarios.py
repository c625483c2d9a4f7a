#!/usr/bin/env python3
"""Acceptance tests of the two traffic scenarios of issue 6 (standard library only).

Usage: test_traffic_scenarios.py PATH/TO/dptwin SOURCE_DIR [unittest options]

Runs every variant of scenarios/holiday_traffic_xichong and scenarios/baguang_checkpoint with the
real binary on the district's roads and checks what each variant is there to show:
- every file validates and runs (exit 0) and writes tripinfo.xml and kpi.json;
- Xichong: most trips arrive in every variant; the reversible lane (toward the beach, switched at
  16:30) shortens the afternoon trips to Xichong by a fifth or more (it doubles the left turn into
  Nanxi road, where the afternoon queues) and slows the evening return by no more than 3 %; the
  road closure raises the travel time of the trips that would have used the closed road in its
  hour, and every one of them still arrives (rerouted);
- Baguang: while a queue stands, the checkpoint discharges c / (mean service + move-up time)
  vehicles per hour (within 10 %), the move-up time measured in a run with a fixed 90 s service and
  checked at 51.4 s (with lognormal service: an expected failure, see the test); the infrared
  variant's peak queue and mean delay are lower and its discharge about 1.75 times the
  baseline's (within 10 %).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

DPTWIN = None
SOURCE_DIR = None


def dptwin(*args, timeout=600):
    p = subprocess.run([DPTWIN, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def read_tripinfo(run_dir):
    """{vehicle id: attributes (floats where numeric)} of tripinfo.xml."""
    trips = {}
    for t in ET.parse(os.path.join(run_dir, "tripinfo.xml")).getroot().iter("tripinfo"):
        a = dict(t.attrib)
        for k in ("depart", "arrival", "duration", "routeLength", "waitingTime", "timeLoss", "departDelay"):
            if k in a:
                a[k] = float(a[k])
        trips[a["id"]] = a
    return trips


def read_kpi(run_dir):
    with open(os.path.join(run_dir, "kpi.json"), encoding="utf-8") as f:
        return json.load(f)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def arrival_edge(trip):
    """The edge of the arrival lane ("L707_0" -> "L707")."""
    return trip["arrivalLane"].rsplit("_", 1)[0]


class Runs:
    """Runs a scenario file once per test class, into the class's temporary folder."""

    def __init__(self, tmp):
        self.tmp = tmp

    def run(self, scenario, name, *extra):
        out = os.path.join(self.tmp, name)
        code, so, se = dptwin("run", scenario, "--out", out, "--threads", "2", "--force", *extra)
        return code, so + se, out


class ScenarioTest(unittest.TestCase):
    """A test class whose setUpClass fills cls.tmp (a temporary folder) and cls.results
    {name: (validate exit, validate log, run exit, run log, run folder)}."""

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def out(self, v):
        """The run folder of variant v, once its validation and run have succeeded."""
        vcode, vlog, code, log, out = self.results[v]
        self.assertEqual(vcode, 0, vlog)
        self.assertEqual(code, 0, log)
        return out


def edited_copy(src, dst, replacements):
    """Copies a scenario (or OD) file with text replacements; each must apply."""
    with open(src, encoding="utf-8") as f:
        text = f.read()
    for old, new in replacements:
        if old not in text:
            raise AssertionError("%s: '%s' not found" % (src, old))
        text = text.replace(old, new)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
    return dst


# ------------------------------------------------------------------------------------------------
# Xichong holiday afternoon
# ------------------------------------------------------------------------------------------------

XICHONG_VARIANTS = ("baseline", "reversible_lane", "road_closure")


class HolidayTrafficXichong(ScenarioTest):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(SOURCE_DIR, "scenarios", "holiday_traffic_xichong")
        cls.tmp = tempfile.mkdtemp(prefix="dpt-xichong-")
        cls.results = {}
        runs = Runs(cls.tmp)
        for v in XICHONG_VARIANTS:
            path = os.path.join(cls.dir, v + ".toml")
            vcode, vso, vse = dptwin("validate", path)
            # Until 18:00 (5 h of the 7): the afternoon to the beaches, the closure, the switch of
            # the reversible lane at 16:30 and the first 90 minutes of the return - enough for every
            # check below at two thirds of the run time (the suite stays within CI's budget).
            code, log, out = runs.run(path, v, "--set", "scenario.duration=5h")
            cls.results[v] = (vcode, vso + vse, code, log, out)

    def test_every_variant_validates_runs_and_writes_tripinfo_and_kpis(self):
        for v in XICHONG_VARIANTS:
            with self.subTest(variant=v):
                out = self.out(v)
                self.assertTrue(os.path.isfile(os.path.join(out, "tripinfo.xml")))
                kpi = read_kpi(out)
                self.assertIn("traffic.arrived", kpi["series"])
                self.assertGreater(len(read_tripinfo(out)), 500)


    def test_most_trips_arrive(self):
        # od.toml sends 5,800 trips to the beaches 13:00-16:00; free-flow trips take 13-45 min and
        # the afternoon queue at the turn into Nanxi road adds up to about an hour at its worst, so
        # all of them arrive by 18:00 (the runs' end here). (Until 2026-11-30 the district network
        # locked up about 14:55: a changer standing at its lane's end beside a cooperating one.)
        for v in XICHONG_VARIANTS:
            with self.subTest(variant=v):
                trips = read_tripinfo(self.out(v))
                self.assertGreater(sum(1 for k in trips if k.startswith("to_beach:")), 5800 - 100)


    def test_the_reversible_lane_shortens_the_afternoon_and_spares_the_evening(self):
        # At the afternoon peak 2,600 vehicles an hour head for Xichong, and the one lane that turns
        # left into Nanxi road (yielding to the oncoming road) takes far fewer: the queue stands
        # kilometres back (README.md, "Measured"). The reversible lane open toward the beach
        # doubles that turn (from the road's own left-most lane and the reversible one, onto two
        # lanes of Nanxi road), so the trips to the beaches must be much shorter: by a fifth at
        # least (whole runs: -37 %). At 16:30 the lane turns toward town; the evening's queues are
        # at the single-lane right turns of the return (out of Nanxi road, and onto Nan'ao's road
        # 9.6 km on), which a lane along the road does not widen, so the return must be no slower
        # than 3 % (whole runs: +0.1 %); the switch must not lock the road up (it did until
        # 2026-11-30: Nanxi road's only turn on was from the reversible lane). The same vehicles
        # depart at the same times in both runs (the OD expansion is keyed by seed and trip), so
        # the means compare like for like.
        base = read_tripinfo(self.out("baseline"))
        rev = read_tripinfo(self.out("reversible_lane"))
        means = {}
        for prefix in ("to_beach:", "back:"):
            ids = [k for k in base if k.startswith(prefix) and k in rev]
            self.assertGreater(len(ids), 1000)
            means[prefix] = (mean(base[k]["duration"] for k in ids), mean(rev[k]["duration"] for k in ids))
            print("\nXichong %s mean travel time: baseline %.0f s, reversible lane %.0f s (%d trips)"
                  % (prefix[:-1], means[prefix][0], means[prefix][1], len(ids)))
        self.assertLess(means["to_beach:"][1], 0.8 * means["to_beach:"][0])
        self.assertLess(means["back:"][1], 1.03 * means["back:"][0])
        back_base = sum(1 for k in base if k.startswith("back:"))
        back_rev = sum(1 for k in rev if k.startswith("back:"))
        self.assertGreater(back_rev, 0.97 * back_base)


    def test_the_closure_delays_the_trips_through_it_and_they_are_rerouted(self):
        # Nanxi road's link L324 (both directions) is closed 14:30-15:30, at the holiday demand. The
        # trips that would have used it are those to the village and beach beyond it (the sinks
        # below) that reach it in that hour; in the baseline they arrive within a few minutes of
        # passing it, so: baseline arrival in (14:31, 15:31]. Each must still arrive (rerouted
        # through the village's streets) and, on average, later than in the baseline. (Until
        # 2026-11-30 this ran at half the demand: at the full demand the detours chosen when the
        # road reopened, on travel times still holding the queue that had stood before the
        # closure, were kept for good and jammed the village; drivers now re-plan again as the
        # times catch up, and all 5,800 trips arrive by 18:00 - test_most_trips_arrive.)
        base = read_tripinfo(self.out("baseline"))
        closed = read_tripinfo(self.out("road_closure"))
        beyond = {"L707", "L9878", "L9916", "L9921", "L713", "L10424"}
        t0, t1 = 5460.0, 9060.0  # scenario seconds from 13:00
        ids = [k for k, t in base.items()
               if k.startswith("to_beach:") and arrival_edge(t) in beyond and t0 < t["arrival"] <= t1]
        self.assertGreater(len(ids), 100)
        missing = [k for k in ids if k not in closed]
        self.assertEqual(missing, [], "vehicles that did not arrive after the closure")
        d_base = mean(base[k]["duration"] for k in ids)
        d_closed = mean(closed[k]["duration"] for k in ids)
        kpi = read_kpi(self.out("road_closure"))
        rerouted = kpi["final"].get("traffic.rerouted")
        print("\nXichong closure: %d trips through L324 in its hour, mean travel time %.0f s -> %.0f s; rerouted %s"
              % (len(ids), d_base, d_closed, rerouted))
        # The detour alone is longer and slower (151 m of 30 km/h street with two more turns for
        # 109 m of 60 km/h road: at least 12 s more at free flow), and the peak queues on it.
        self.assertGreater(d_closed, d_base + 10.0)
        self.assertGreater(rerouted or 0, 0)


# ------------------------------------------------------------------------------------------------
# Baguang checkpoint
# ------------------------------------------------------------------------------------------------

BOOTHS = 2
SERVICE_S = 90.0           # baseline.toml: mean service, manual thermometers
SERVICE_IR_S = 90.0 / 1.75  # infrared.toml: 51.429 s
WINDOW = (900.0, 3600.0)   # scenario seconds: a queue stands at the booths, not yet back to the exit's start


def discharge_per_hour(trips, t0=WINDOW[0], t1=WINDOW[1]):
    """Vehicles per hour reaching their destinations in (t0, t1]. Every destination is a link
    just past the exit road's end, so, while the queue stands, this is the checkpoint's service
    rate shifted by a nearly constant drive (the shift only moves the window's ends)."""
    n = sum(1 for t in trips.values() if t0 < t["arrival"] <= t1)
    return n * 3600.0 / (t1 - t0)


def queue_series(kpi):
    """Vehicles halting or waiting to enter: the queue at the checkpoint (nothing else halts)."""
    s = kpi["series"]
    return [(h or 0) + (w or 0) for h, w in zip(s["traffic.halting"], s["traffic.waiting_to_depart"])]


class BaguangCheckpoint(ScenarioTest):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(SOURCE_DIR, "scenarios", "baguang_checkpoint")
        cls.tmp = tempfile.mkdtemp(prefix="dpt-baguang-")
        runs = Runs(cls.tmp)
        cls.results = {}
        for v in ("baseline", "infrared"):
            path = os.path.join(cls.dir, v + ".toml")
            vcode, vso, vse = dptwin("validate", path)
            code, log, out = runs.run(path, v)
            cls.results[v] = (vcode, vso + vse, code, log, out)
        # Saturated copies measure the discharge: demand above the capacity (140 veh/h against
        # about 72, 180 against about 116), so that from about ten minutes on a queue stands at
        # both booths; beyond the ~26 places in front of the booths the queue waits to enter the road,
        # which keeps the booths busy all the same. "_fixed": the same mean service, fixed.
        dapeng = os.path.join(SOURCE_DIR, "assets", "dapeng")
        sat = {
            "baseline_saturated": ("baseline.toml", 140, []),
            "infrared_saturated": ("infrared.toml", 180, []),
            "baseline_fixed": ("baseline.toml", 140, [('distribution = "lognormal"', 'distribution = "fixed"')]),
            "infrared_fixed": ("infrared.toml", 180, [('distribution = "lognormal"', 'distribution = "fixed"')]),
        }
        for name, (src, rate, extra) in sat.items():
            od = edited_copy(os.path.join(cls.dir, "od.toml"), os.path.join(cls.tmp, "od_%s.toml" % name),
                             [('trips = [["highway", "district", 85]]', 'trips = [["highway", "district", %d]]' % rate)])
            path = edited_copy(os.path.join(cls.dir, src), os.path.join(cls.tmp, name + ".toml"),
                               [('od = "od.toml"', 'od = "%s"' % od),
                                ('district = "../../assets/dapeng"', 'district = "%s"' % dapeng),
                                ('path = "../../assets/dapeng"', 'path = "%s"' % dapeng)] + extra)
            code, log, out = runs.run(path, name)
            cls.results[name] = (0, "", code, log, out)

    def discharge(self, v):
        return discharge_per_hour(read_tripinfo(self.out(v)))

    def moveup_s(self):
        # The move-up time m: with a fixed service S and a queue standing at each booth, a booth
        # passes one vehicle every S + m, so m = c / discharge - S (from the baseline's S = 90 s).
        # It is the IDM's start from standing 2.5 m behind the leaving vehicle and its stop at the
        # booth 7.5 m on, plus up to a step (1 s) on each side of the service.
        return BOOTHS * 3600.0 / self.discharge("baseline_fixed") - SERVICE_S

    def test_both_variants_validate_run_and_write_tripinfo_and_kpis(self):
        for v in ("baseline", "infrared"):
            with self.subTest(variant=v):
                out = self.out(v)
                self.assertGreater(len(read_tripinfo(out)), 100)
                self.assertIn("traffic.halting", read_kpi(out)["series"])

    def test_fixed_service_discharge_is_the_queueing_capacity(self):
        # Capacity of c booths in parallel, each busy for the service and then for the move-up
        # of the next vehicle: c / (E[S] + m). m from the 90 s run must predict the 51.4 s run.
        m = self.moveup_s()
        measured = self.discharge("infrared_fixed")
        expected = BOOTHS * 3600.0 / (SERVICE_IR_S + m)
        print("\nBaguang move-up time %.1f s; fixed 51.4 s service: discharge %.1f veh/h, c/(S+m) %.1f veh/h"
              % (m, measured, expected))
        self.assertGreater(m, 2.0)   # moving up 7.5 m from standstill to standstill takes seconds
        self.assertLess(m, 20.0)
        self.assertLess(abs(measured / expected - 1.0), 0.10)


    def test_lognormal_service_discharge_is_the_queueing_capacity(self):
        # Queueing theory: with a queue standing at every booth the discharge does not depend on
        # the service time's distribution, only on its mean: c / (E[S] + m). (With the booths 400 m
        # down the road, 192 m before its end, it was 13 % under it: the vehicles leaving the booths
        # out of step had too little room to sort themselves into their turn lanes; README.md.)
        m = self.moveup_s()
        for name, service in (("baseline_saturated", SERVICE_S), ("infrared_saturated", SERVICE_IR_S)):
            measured = self.discharge(name)
            expected = BOOTHS * 3600.0 / (service + m)
            print("\n%s: discharge %.1f veh/h, c/(E[S]+m) = %.1f veh/h" % (name, measured, expected))
            self.assertLess(abs(measured / expected - 1.0), 0.10)


    def test_infrared_has_a_shorter_queue_less_delay_and_1_75_times_the_discharge(self):
        base, ir = self.out("baseline"), self.out("infrared")
        q_base, q_ir = max(queue_series(read_kpi(base))), max(queue_series(read_kpi(ir)))
        d_base = mean(t["timeLoss"] + t["departDelay"] for t in read_tripinfo(base).values())
        d_ir = mean(t["timeLoss"] + t["departDelay"] for t in read_tripinfo(ir).values())
        r_base, r_ir = self.discharge("baseline_saturated"), self.discharge("infrared_saturated")
        print("\nBaguang peak queue %d -> %d vehicles, mean delay %.0f s -> %.0f s, discharge %.1f -> %.1f veh/h (x%.2f)"
              % (q_base, q_ir, d_base, d_ir, r_base, r_ir, r_ir / r_base))
        # The demand (85 veh/h) lies between the two capacities: the baseline's queue grows for the
        # whole two hours, the infrared one comes and goes.
        self.assertLess(q_ir, 0.5 * q_base)
        self.assertLess(d_ir, 0.5 * d_base)
        # 1.75 times the service rate; the move-up time, the same in both, pulls the ratio of the
        # discharges under 1.75 ((90 + m) / (51.4 + m), about 1.62 with m = 10 s), within 10 %.
        self.assertLess(abs(r_ir / r_base / 1.75 - 1.0), 0.10)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: test_traffic_scenarios.py PATH/TO/dptwin SOURCE_DIR [unittest options]")
    DPTWIN = os.path.abspath(sys.argv[1])
    SOURCE_DIR = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
