#!/usr/bin/env python3
"""Unit tests of the harness's parsing and verdict (no SUMO needed), plus one end-to-end check of
the grid inputs when SUMO is installed. Run: python3 tools/sumo_compare/test_sumo_compare.py"""
import math
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402
import networks  # noqa: E402
import runs  # noqa: E402

# What sumo 1.15 prints with --duration-log.statistics (copied from a run's output).
SUMO_REPORT = """Loading net-file from 'grid10x10.net.xml' ... done (94ms).
Loading done.
Simulation version 1.15.0 started with time: 0.00.
Simulation ended at time: 3600.00
Reason: The final simulation step has been reached.
Performance: 
 Duration: 8.99s
 Real time factor: 400.445
 UPS: 120454.949944
Vehicles: 
 Inserted: 4012 (Loaded: 4013)
 Running: 306
 Waiting: 0
 Teleports: 3 (Jam: 1, Yield: 2)
Statistics (avg of 3706):
 RouteLength: 1668.75
 Duration: 279.52
"""


class ParseTest(unittest.TestCase):
    def test_duration_text(self):
        self.assertAlmostEqual(runs.parse_duration_text("8.99s"), 8.99)
        self.assertAlmostEqual(runs.parse_duration_text("40ms"), 0.040)
        self.assertAlmostEqual(runs.parse_duration_text("1:02:03.5"), 3723.5)
        self.assertAlmostEqual(runs.parse_duration_text("02:03"), 123.0)
        self.assertIsNone(runs.parse_duration_text("soon"))

    def test_sumo_report(self):
        r = runs.parse_sumo_stdout(SUMO_REPORT)
        # "Duration" of the performance block, not the trip statistics' "Duration: 279.52"
        self.assertAlmostEqual(r["sim_wall_s"], 8.99)
        self.assertAlmostEqual(r["ups"], 120454.949944)
        self.assertEqual(r["inserted"], 4012)
        self.assertEqual(r["teleports"], 3)
        self.assertAlmostEqual(r["end_time"], 3600.0)

    def test_tripinfo_summary(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        p = os.path.join(d, "t.xml")
        with open(p, "w") as f:
            f.write('<tripinfos>\n'
                    '<tripinfo id="a" arrival="100.00" duration="100.00" waitingTime="10.00" timeLoss="20.00" routeLength="1000.00" departDelay="1.00" vaporized=""/>\n'
                    '<tripinfo id="b" arrival="250.00" duration="200.00" waitingTime="0.00" timeLoss="40.00" routeLength="2000.00" departDelay="3.00" vaporized=""/>\n'
                    '<tripinfo id="c" arrival="-1.00" duration="300.00" waitingTime="0.00" timeLoss="0.00" routeLength="10.00" departDelay="0.00" vaporized="end"/>\n'
                    '</tripinfos>\n')
        s = runs.summarize_tripinfo(p)
        self.assertEqual(s["arrived"], 2)  # c has not arrived
        self.assertAlmostEqual(s["mean_duration"], 150.0)
        self.assertAlmostEqual(s["mean_waiting"], 5.0)
        self.assertAlmostEqual(s["mean_time_loss"], 30.0)
        self.assertAlmostEqual(s["mean_route_length"], 1500.0)
        self.assertAlmostEqual(s["mean_depart_delay"], 2.0)

    def test_last_json_line(self):
        self.assertEqual(runs.last_json_line('x\n{"a": 1}\nnot json {\n{"vehicle_updates": 5, "wall_s": 2}\n'),
                         {"vehicle_updates": 5, "wall_s": 2})
        self.assertIsNone(runs.last_json_line("no json here\n"))


class VerdictTest(unittest.TestCase):
    def test_tolerances(self):
        sumo = {"arrived": 1000, "mean_duration": 200.0, "ups": 100000.0}
        v = compare.verdict(sumo, {"arrived": 1019, "mean_duration": 219.0, "ups": 1.2e6})
        self.assertAlmostEqual(v["arrivals_rel"], 0.019)
        self.assertAlmostEqual(v["duration_rel"], 0.095)
        self.assertAlmostEqual(v["speed_ratio"], 12.0)
        self.assertTrue(v["arrivals_ok"] and v["duration_ok"])
        v = compare.verdict(sumo, {"arrived": 979, "mean_duration": 179.0, "ups": 5e4})
        self.assertFalse(v["arrivals_ok"])  # -2.1 %
        self.assertFalse(v["duration_ok"])  # -10.5 %
        self.assertAlmostEqual(v["speed_ratio"], 0.5)

    def test_missing_values_fail(self):
        v = compare.verdict({"arrived": 0, "mean_duration": float("nan")}, {"arrived": 0})
        self.assertTrue(math.isnan(v["arrivals_rel"]))
        self.assertFalse(v["arrivals_ok"])
        self.assertFalse(v["duration_ok"])


@unittest.skipUnless(networks.have_sumo(), "SUMO is not installed")
class InputsTest(unittest.TestCase):
    def test_grid_inputs_run_in_sumo(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        net = networks.make_grid(d, size=3, length=150)
        vtype = networks.write_vtype_file(os.path.join(d, "idm.add.xml"))
        _, routes = networks.make_trips(d, net, end=200, period=5, seed=7, vtype_file=vtype)
        with open(routes) as f:
            text = f.read()
        self.assertIn('carFollowModel="IDM"', text)
        self.assertEqual(networks.count_vehicles(routes), 40)  # one every 5 s over [0, 200)
        r = runs.run_sumo(net, routes, os.path.join(d, "out"))
        self.assertEqual(r["exit"], 0, r["stdout_tail"])
        self.assertEqual(r["arrived"], 40)  # no --end: sumo runs until every vehicle arrived
        self.assertEqual(r["teleports"], 0)
        self.assertGreater(r["ups"], 0)

    def test_ring_and_highway(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        net, edges = networks.make_ring(d, circumference=1000, segments=20)
        lengths = networks.lane_lengths(net)
        self.assertEqual(len(edges), 20)
        self.assertAlmostEqual(sum(lengths[e] for e in edges), 1000.0, delta=5.0)
        routes = networks.write_ring_routes(os.path.join(d, "ring.rou.xml"), net, edges, 10, laps=3)
        r = runs.run_sumo(net, routes, os.path.join(d, "ring"), end=60)
        self.assertEqual(r["exit"], 0, r["stdout_tail"])
        self.assertEqual(r["inserted"], 10)
        net, edges = networks.make_highway(d, length=1000, lanes=3, segments=2)
        self.assertEqual(len(edges), 2)
        routes = networks.write_highway_flow(os.path.join(d, "hw.rou.xml"), edges, 1800, lanes=3, end=60)
        r = runs.run_sumo(net, routes, os.path.join(d, "hw"))
        self.assertEqual(r["exit"], 0, r["stdout_tail"])
        self.assertEqual(r["loaded"], 30)  # 1800 veh/h for 60 s


if __name__ == "__main__":
    unittest.main()
