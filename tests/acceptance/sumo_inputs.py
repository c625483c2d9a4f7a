"""Helpers for the traffic acceptance tests (issue 6): SUMO inputs made with SUMO's own tools and
runs of sumo and `dptwin sumo` on them. A thin layer over tools/sumo_compare (standard library
only), so the tests and the command-line harness make the same files.

    import sumo_inputs as si
    if not si.have_sumo(): skip
    case = si.grid_case(tmp, size=10)                 # netgenerate grid + randomTrips (moderate demand)
    sumo = si.run_sumo(case, os.path.join(tmp, "sumo"))
    ours = si.run_dptwin(DPTWIN, case, os.path.join(tmp, "dptwin"), threads=2)
    v = si.verdict(sumo, ours)                        # arrivals_ok, duration_ok, speed_ratio
    ring = si.ring_case(tmp, vehicles=60)             # single-lane ring, cars spread evenly
    hw = si.highway_case(tmp, flow=5400)              # straight 3-lane highway, one flow
"""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_HERE, "..", "..", "tools", "sumo_compare"))

import compare  # noqa: E402
import networks  # noqa: E402
import runs  # noqa: E402

# Departures per hour per km of lane that SUMO 1.15 runs without teleports on netgenerate grids of
# 5x5 to 20x20 junctions (200 m streets, 1 lane, traffic lights, IDM, 1 h of demand); measured
# with tools/sumo_compare (docs/sumo.md). 150 gives the first teleports on 10x10; 200 gridlocks.
MODERATE_DENSITY = 60.0
ARRIVALS_TOLERANCE = compare.ARRIVALS_TOLERANCE
DURATION_TOLERANCE = compare.DURATION_TOLERANCE
IDM_TREIBER = networks.IDM_TREIBER


def have_sumo():
    return networks.have_sumo()


def grid_case(folder, size=10, length=200.0, lanes=1, junction="traffic_light", density=MODERATE_DENSITY,
              demand_end=3600.0, seed=42, end=None, speed_dev=0.0, tls_type="static"):
    """A grid network and routed random trips with an IDM vType in `folder`. Returns a dict with
    net, routes, trips, begin, end (the simulation end: the demand end unless given) and vehicles.
    tls_type: netgenerate's --tls.default-type (static or actuated)."""
    os.makedirs(folder, exist_ok=True)
    net = networks.make_grid(folder, size=size, length=length, lanes=lanes, junction=junction, tls_type=tls_type)
    vtype = networks.write_vtype_file(os.path.join(folder, "idm.add.xml"), speed_dev=speed_dev)
    trips, routes = networks.make_trips(folder, net, end=demand_end, density=density, seed=seed, vtype_file=vtype)
    return {"net": net, "routes": routes, "trips": trips, "begin": 0.0, "end": demand_end if end is None else end,
            "vehicles": networks.count_vehicles(routes)}


def ring_case(folder, vehicles, circumference=2000.0, segments=40, laps=50, params=None):
    """A single-lane ring (a polygon of `segments` edges) with `vehicles` cars evenly spread and
    standing at time 0. Returns a dict with net, routes, edges, ring_length (sum of the edges'
    lane lengths, m) and density (veh/km)."""
    os.makedirs(folder, exist_ok=True)
    net, edges = networks.make_ring(folder, circumference=circumference, segments=segments)
    routes = networks.write_ring_routes(os.path.join(folder, "ring_%d.rou.xml" % vehicles), net, edges, vehicles,
                                        laps=laps, params=params)
    length = sum(networks.lane_lengths(net)[e] for e in edges)
    return {"net": net, "routes": routes, "edges": edges, "ring_length": length,
            "density": vehicles / (length / 1000.0), "begin": 0.0, "end": None}


def highway_case(folder, flow, lanes=3, length=5000.0, segments=5, end=1800.0, params=None):
    """A straight one-way highway of `lanes` lanes with one flow of `flow` veh/h from its start to
    its end. Returns a dict with net, routes, edges, begin, end."""
    os.makedirs(folder, exist_ok=True)
    net, edges = networks.make_highway(folder, length=length, lanes=lanes, segments=segments)
    routes = networks.write_highway_flow(os.path.join(folder, "highway_%d.rou.xml" % int(flow)), edges, flow, lanes=lanes,
                                         end=end, params=params)
    return {"net": net, "routes": routes, "edges": edges, "begin": 0.0, "end": end}


def run_sumo(case, outdir, fcd=False, step_length=1.0):
    """sumo on a case; the summary dict of tools/sumo_compare/runs.py (arrived, mean_duration, ups, ...)."""
    return runs.run_sumo(case["net"], case["routes"], outdir, begin=case.get("begin", 0.0), end=case.get("end"),
                         step_length=step_length, fcd=fcd)


def run_dptwin(dptwin, case, outdir, threads=2, fcd=False, step_length=1.0):
    """`dptwin sumo` with SUMO's options on a case; the same summary dict as run_sumo, with ups from
    dptwin's final JSON line."""
    return runs.run_other('"%s" sumo' % dptwin, case["net"], case["routes"], outdir, begin=case.get("begin", 0.0),
                          end=case.get("end"), step_length=step_length, fcd=fcd, threads=threads, name="dptwin")


def verdict(sumo, other):
    return compare.verdict(sumo, other)


def table(runs_, v=None):
    return compare.table(runs_, v)


def summarize_tripinfo(path):
    return runs.summarize_tripinfo(path)
