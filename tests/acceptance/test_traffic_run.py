#!/usr/bin/env python3
"""Acceptance tests of traffic inside a scenario run ([modules.traffic], standard library only).

Usage: test_traffic_run.py PATH/TO/dptwin SOURCE_DIR [unittest options]

On a netgenerate grid with randomTrips demand (SUMO's own tools; skipped when they are missing):
- `dptwin validate` accepts the scenario; `dptwin run` writes tripinfo.xml and the traffic KPIs;
- the run at --threads 1 and 2 gives the same tripinfo.xml and kpi.json byte for byte, and
  `dptwin replay` verifies every step;
- the scenario's traffic stage and `dptwin sumo --end` on the same files give the same
  tripinfo.xml byte for byte (one model, two front ends);
- demand as OD matrices (`od = FILE.toml`, zones of grid edges): every trip of the matrix is
  inserted and arrives;
- incidents and measures as injects (a closure, a checkpoint): vehicles reroute, the checkpoint
  serves, the replay re-applies the commands; a command naming an unknown edge is bad input;
- a missing network file is bad input: exit 2 naming the missing file.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

DPTWIN = None
SOURCE_DIR = None

SCENARIO = """[scenario]
name = "traffic on a 4x4 grid"
start = 2025-10-01T14:00:00+08:00
duration = "15min"
step = "10s"
seed = 7

[district]
name = "grid"
crs = "EPSG:4547"
bounds = [114.33, 22.44, 114.63, 22.67]

[outputs]
kpi_every = "1min"

[modules.traffic]
network = "{net}"
routes = "{routes}"
"""


def dptwin(*args, timeout=300):
    p = subprocess.run([DPTWIN, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class TrafficInAScenario(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import sumo_inputs as si
        if not si.have_sumo():
            raise unittest.SkipTest("SUMO is not installed (tools/setup installs sumo and sumo-tools)")
        cls.tmp = tempfile.mkdtemp(prefix="dpt-traffic-run-")
        cls.case = si.grid_case(os.path.join(cls.tmp, "case"), size=4, demand_end=900.0)
        cls.scenario = os.path.join(cls.tmp, "traffic.toml")
        with open(cls.scenario, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(net=cls.case["net"], routes=cls.case["routes"]))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def run_dir(self, name, threads):
        out = os.path.join(self.tmp, name)
        code, so, se = dptwin("run", self.scenario, "--out", out, "--threads", str(threads))
        self.assertEqual(code, 0, so + se)
        return out

    def test_validate_and_run_write_tripinfo_and_kpis(self):
        code, so, se = dptwin("validate", self.scenario)
        self.assertEqual(code, 0, so + se)
        self.assertIn("modules: traffic", so)
        out = self.run_dir("a", 2)
        tripinfo = read_bytes(os.path.join(out, "tripinfo.xml")).decode("utf-8")
        self.assertGreater(tripinfo.count("<tripinfo "), 50)
        kpi = read_bytes(os.path.join(out, "kpi.json")).decode("utf-8")
        for name in ("traffic.running", "traffic.arrived", "traffic.mean_travel_time"):
            self.assertIn(name, kpi)

    def test_one_thread_equals_two_and_replay_verifies(self):
        one = self.run_dir("t1", 1)
        two = self.run_dir("t2", 2)
        for name in ("tripinfo.xml", "kpi.json", "events.ndjson"):
            self.assertEqual(read_bytes(os.path.join(one, name)), read_bytes(os.path.join(two, name)), name)
        code, so, se = dptwin("replay", two)
        self.assertEqual(code, 0, so + se)
        self.assertIn("match", so)

    def test_the_stage_and_dptwin_sumo_agree_byte_for_byte(self):
        out = self.run_dir("stage", 2)
        tripinfo = os.path.join(self.tmp, "sumo_front_end.xml")
        code, so, se = dptwin("sumo", "-n", self.case["net"], "-r", self.case["routes"], "--end", "900",
                              "--tripinfo-output", tripinfo, "--no-step-log")
        self.assertEqual(code, 0, so + se)
        self.assertEqual(read_bytes(tripinfo), read_bytes(os.path.join(out, "tripinfo.xml")))

    def test_od_matrix_demand(self):
        # Two zones at opposite corners of the 4x4 grid (A0..D3), 120 trips each way in the first
        # 10 minutes: all are inserted and all arrive within the 15 minutes.
        od = os.path.join(self.tmp, "od.toml")
        with open(od, "w", encoding="utf-8") as f:
            f.write('[mix]\ncar = 1.0\n\n'
                    '[[zone]]\nid = "sw"\nsources = { A0A1 = 1.0, A0B0 = 1.0 }\nsinks = { A1A0 = 1.0, B0A0 = 1.0 }\n\n'
                    '[[zone]]\nid = "ne"\nsources = { D3D2 = 1.0, D3C3 = 1.0 }\nsinks = { D2D3 = 1.0, C3D3 = 1.0 }\n\n'
                    '[[matrix]]\nid = "am"\nbegin = "0s"\nend = "10min"\nunit = "veh"\n'
                    'trips = [["sw", "ne", 120], ["ne", "sw", 120]]\n')
        scenario = os.path.join(self.tmp, "od.scenario.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(net=self.case["net"], routes=self.case["routes"])
                    .replace('routes = "%s"' % self.case["routes"], 'od = "%s"' % od))
        out = os.path.join(self.tmp, "od-run")
        code, so, se = dptwin("run", scenario, "--out", out)
        self.assertEqual(code, 0, so + se)
        tripinfo = read_bytes(os.path.join(out, "tripinfo.xml")).decode("utf-8")
        self.assertEqual(tripinfo.count("<tripinfo "), 240)
        self.assertEqual(tripinfo.count('id="am:sw-ne.'), 120)

    def test_incidents_and_measures_as_injects(self):
        # The edge most routes use is closed from 3 to 8 minutes and a checkpoint (fixed 5 s
        # service, every lane) stands on the second most used edge from the start: the vehicles
        # whose routes crossed the closed edge go around it (tripinfo rerouteNo > 0, none in the run
        # without injects), the checkpoint serves vehicles, and the replay re-applies the recorded
        # commands to the same digest.
        import collections
        import re
        counts = collections.Counter()
        with open(self.case["routes"], encoding="utf-8") as f:
            for edges in re.findall(r'edges="([^"]+)"', f.read()):
                counts.update(edges.split()[1:-1])  # inner edges only: closing an origin strands its trips
        (closed, _), (checked, _) = counts.most_common(2)
        scenario = os.path.join(self.tmp, "incidents.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(net=self.case["net"], routes=self.case["routes"]))
            f.write('\n[[injects]]\nat = "3min"\ncommand = "traffic.close"\nedge = "%s"\nduration = "5min"\n' % closed)
            f.write('\n[[injects]]\nat = "0s"\ncommand = "traffic.checkpoint"\nedge = "%s"\nservice = "5s"\n'
                    'distribution = "fixed"\n' % checked)
        code, so, se = dptwin("validate", scenario)
        self.assertEqual(code, 0, so + se)
        out = os.path.join(self.tmp, "incidents-run")
        code, so, se = dptwin("run", scenario, "--out", out, "--threads", "2")
        self.assertEqual(code, 0, so + se)
        tripinfo = read_bytes(os.path.join(out, "tripinfo.xml")).decode("utf-8")
        rerouted = [int(n) for n in re.findall(r'rerouteNo="(\d+)"', tripinfo)]
        self.assertGreater(sum(1 for n in rerouted if n > 0), 0, "nobody went around the closed edge")
        import json
        with open(os.path.join(out, "kpi.json"), encoding="utf-8") as f:
            kpi = json.load(f)
        self.assertGreater(kpi["series"]["traffic.checkpoint_served"][-1], 10)
        self.assertGreater(kpi["series"]["traffic.rerouted"][-1], 0)
        base = self.run_dir("incidents-base", 2)
        base_trips = read_bytes(os.path.join(base, "tripinfo.xml")).decode("utf-8")
        self.assertNotIn('rerouteNo="1"', base_trips)
        code, so, se = dptwin("replay", out)
        self.assertEqual(code, 0, so + se)
        self.assertIn("match", so)
        # A command naming an edge the network lacks is bad input, with the file and line.
        bad = os.path.join(self.tmp, "bad-inject.toml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(net=self.case["net"], routes=self.case["routes"]))
            f.write('\n[[injects]]\nat = "1min"\ncommand = "traffic.close"\nedge = "Z9Z8"\n')
        code, so, se = dptwin("validate", bad)
        self.assertEqual(code, 2, so + se)
        self.assertIn("'Z9Z8' is not an edge", so + se)

    def test_a_missing_network_is_bad_input(self):
        bad = os.path.join(self.tmp, "bad.toml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(net=os.path.join(self.tmp, "nowhere.net.xml"), routes=self.case["routes"]))
        code, so, se = dptwin("validate", bad)
        self.assertEqual(code, 2, so + se)
        self.assertIn("nowhere.net.xml", so + se)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: test_traffic_run.py PATH/TO/dptwin SOURCE_DIR [unittest options]")
    DPTWIN = os.path.abspath(sys.argv[1])
    SOURCE_DIR = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
