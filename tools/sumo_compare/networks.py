"""Inputs for the SUMO side-by-side runs: grid networks (netgenerate), random trips
(randomTrips.py + duarouter) with SUMO's IDM, and the two fundamental-diagram networks (a
single-lane ring and a straight multi-lane highway) built with netconvert from plain XML.

Standard library only. Every function writes into a folder the caller gives and returns the paths
it wrote; a failing SUMO tool raises ToolError with the command and its output.
"""
import math
import os
import shutil
import subprocess
import sys

RANDOM_TRIPS = "/usr/share/sumo/tools/randomTrips.py"
SUMO_HOME_DEFAULT = "/usr/share/sumo"

# Treiber's IDM parameters (Treiber & Kesting, "Traffic Flow Dynamics", 2013, table 11.2 for a
# highway: v0 = 120 km/h, T = 1.5 s, a = 1.0 m/s2, b = 1.5 m/s2, s0 = 2 m, delta = 4, length 5 m),
# as attributes of a SUMO vType (https://sumo.dlr.de/docs/Definition_of_Vehicles%2C_Vehicle_Types%2C_and_Routes.html
# "Car-Following Models": accel, decel, tau, minGap, delta; maxSpeed is v0).
IDM_TREIBER = {
    "accel": "1.0",
    "decel": "1.5",
    "tau": "1.5",
    "minGap": "2.0",
    "length": "5.0",
    "maxSpeed": "33.33",
    "delta": "4",
}


class ToolError(RuntimeError):
    pass


def sumo_env():
    """The environment for SUMO's tools: randomTrips.py and duarouter need SUMO_HOME (without it
    sumo rejects randomTrips' route files on schema validation)."""
    env = dict(os.environ)
    env.setdefault("SUMO_HOME", SUMO_HOME_DEFAULT)
    return env


def have_sumo():
    """True when sumo, netgenerate, netconvert, duarouter and randomTrips.py are all installed."""
    tools = ("sumo", "netgenerate", "netconvert", "duarouter")
    return all(shutil.which(t) for t in tools) and os.path.exists(RANDOM_TRIPS)


def run_tool(cmd, cwd=None, timeout=3600):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=sumo_env(), timeout=timeout)
    if p.returncode != 0:
        raise ToolError("%s failed (exit %d):\n%s%s" % (" ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p


def write_vtype_file(path, vtype_id="idm", speed_dev=0.0, params=None):
    """An additional file with one IDM vType. speed_dev=0 gives every vehicle speedFactor 1 (SUMO's
    default draws it from N(1, 0.1) clipped to [0.8, 1.2]); explicit parameters make the run not
    depend on SUMO's defaults."""
    attrs = dict(IDM_TREIBER)
    if params:
        attrs.update({k: str(v) for k, v in params.items()})
    attrs["speedDev"] = repr(float(speed_dev))
    body = " ".join('%s="%s"' % (k, v) for k, v in attrs.items())
    with open(path, "w", encoding="utf-8") as f:
        f.write("<additional>\n")
        f.write('    <vType id="%s" carFollowModel="IDM" %s/>\n' % (vtype_id, body))
        f.write("</additional>\n")
    return path


def make_grid(folder, size=5, length=200.0, lanes=1, junction="traffic_light", speed=13.89, name=None,
              tls_type="static"):
    """A size x size grid of junctions (netgenerate --grid); returns the .net.xml path. tls_type:
    netgenerate --tls.default-type (static: fixed time; actuated: gap-based actuation)."""
    name = name or "grid%dx%d" % (size, size)
    net = os.path.join(folder, name + ".net.xml")
    run_tool(["netgenerate", "--grid", "--grid.number", str(size), "--grid.length", str(length),
              "--default.lanenumber", str(lanes), "--default.speed", str(speed),
              "--default-junction-type", junction, "--tls.default-type", tls_type, "--no-turnarounds", "true",
              "-o", net])
    return net


def make_trips(folder, net, end=3600.0, period=None, density=None, seed=42, begin=0.0, vtype_file=None,
               vtype_id="idm", min_distance=None, name=None):
    """Random trips with routes: randomTrips.py writes trips, duarouter (its -r) routes them and
    --validate drops any trip it cannot route, so every vehicle in the route file is routable.
    Demand is either `period` (one departure every `period` s over the whole network) or
    `density` (departures per hour per km of lane: the same load on every grid size).
    Returns (trips_path, routes_path). Both carry the vType (duarouter copies it from the
    additional file), so `sumo -n NET -r ROUTES` needs nothing else."""
    if (period is None) == (density is None):
        raise ValueError("give exactly one of period and density")
    name = name or os.path.basename(net).replace(".net.xml", "")
    trips = os.path.join(folder, name + ".trips.xml")
    routes = os.path.join(folder, name + ".rou.xml")
    vtype_file = vtype_file or write_vtype_file(os.path.join(folder, "idm.add.xml"), vtype_id)
    cmd = [sys.executable, RANDOM_TRIPS, "-n", net, "-o", trips, "-r", routes, "-b", str(begin), "-e", str(end),
           "--seed", str(seed), "--validate", "-a", vtype_file, "--trip-attributes", 'type="%s"' % vtype_id]
    if period is not None:
        cmd += ["--period", str(period)]
    else:
        cmd += ["--insertion-density", str(density)]
    if min_distance:
        cmd += ["--min-distance", str(min_distance)]
    run_tool(cmd, cwd=folder)
    for leftover in (routes.replace(".rou.xml", ".rou.alt.xml"),):
        if os.path.exists(leftover):
            os.remove(leftover)
    return trips, routes


def count_vehicles(routes):
    """Vehicles and trips in a route file (a plain text count of the opening tags)."""
    n = 0
    with open(routes, encoding="utf-8") as f:
        for line in f:
            s = line.lstrip()
            if s.startswith("<vehicle ") or s.startswith("<trip "):
                n += 1
    return n


def _write_plain(folder, name, nodes, edges):
    nod = os.path.join(folder, name + ".nod.xml")
    edg = os.path.join(folder, name + ".edg.xml")
    with open(nod, "w", encoding="utf-8") as f:
        f.write("<nodes>\n")
        for nid, x, y in nodes:
            f.write('    <node id="%s" x="%.3f" y="%.3f" type="priority"/>\n' % (nid, x, y))
        f.write("</nodes>\n")
    with open(edg, "w", encoding="utf-8") as f:
        f.write("<edges>\n")
        for e in edges:
            f.write("    <edge %s/>\n" % " ".join('%s="%s"' % kv for kv in e.items()))
        f.write("</edges>\n")
    return nod, edg


def make_ring(folder, circumference=2000.0, segments=40, speed=33.33, name="ring"):
    """A single-lane ring road: a regular polygon of `segments` straight edges (circumference =
    perimeter), built by netconvert from plain nodes and edges. Edge i goes from node i to node
    i+1 counter-clockwise, ids "r0".."r{n-1}". Turnarounds are off, so each junction has exactly
    one way on. Returns (net_path, edge_ids)."""
    radius = circumference / (2.0 * segments * math.sin(math.pi / segments))
    nodes = [("n%d" % i, radius * math.cos(2 * math.pi * i / segments), radius * math.sin(2 * math.pi * i / segments))
             for i in range(segments)]
    edges = [{"id": "r%d" % i, "from": "n%d" % i, "to": "n%d" % ((i + 1) % segments), "numLanes": "1",
              "speed": "%.2f" % speed, "priority": "1"} for i in range(segments)]
    nod, edg = _write_plain(folder, name, nodes, edges)
    net = os.path.join(folder, name + ".net.xml")
    run_tool(["netconvert", "-n", nod, "-e", edg, "--no-turnarounds", "true", "--no-internal-links", "false", "-o", net])
    return net, [e["id"] for e in edges]


def make_highway(folder, length=5000.0, lanes=3, speed=33.33, segments=5, name="highway"):
    """A straight one-way highway of `lanes` lanes along +x, in `segments` edges "h0".."h{n-1}"
    (several edges so that detectors and lane changes can be checked along it). Returns
    (net_path, edge_ids)."""
    step = length / segments
    nodes = [("h%d" % i, i * step, 0.0) for i in range(segments + 1)]
    edges = [{"id": "h%d" % i, "from": "h%d" % i, "to": "h%d" % (i + 1), "numLanes": str(lanes),
              "speed": "%.2f" % speed, "priority": "1"} for i in range(segments)]
    nod, edg = _write_plain(folder, name, nodes, edges)
    net = os.path.join(folder, name + ".net.xml")
    run_tool(["netconvert", "-n", nod, "-e", edg, "--no-turnarounds", "true", "-o", net])
    return net, [e["id"] for e in edges]


def lane_lengths(net):
    """{edge id: length of its lane 0} for the normal (non-internal) edges of a .net.xml."""
    import xml.etree.ElementTree as ET
    out = {}
    for edge in ET.parse(net).getroot().iter("edge"):
        if edge.get("function") == "internal":
            continue
        lane = edge.find("lane")
        if lane is not None:
            out[edge.get("id")] = float(lane.get("length"))
    return out


def write_ring_routes(path, net, edge_ids, vehicles, laps=50, vtype_id="idm", params=None):
    """`vehicles` cars spread evenly along the ring's edges at time 0 (the internal junction lanes
    left out of the spacing), departSpeed 0, each on a route that loops `laps` times (SUMO has no
    endless route; a long repeated edge list does the job)."""
    attrs = dict(IDM_TREIBER)
    if params:
        attrs.update({k: str(v) for k, v in params.items()})
    attrs["speedDev"] = "0"
    lengths = lane_lengths(net)
    total = sum(lengths[e] for e in edge_ids)
    with open(path, "w", encoding="utf-8") as f:
        f.write("<routes>\n")
        f.write('    <vType id="%s" carFollowModel="IDM" %s/>\n' % (vtype_id, " ".join('%s="%s"' % kv for kv in attrs.items())))
        edge, edge_start = 0, 0.0
        for k in range(vehicles):
            s_k = k * total / vehicles
            while s_k >= edge_start + lengths[edge_ids[edge]]:
                edge_start += lengths[edge_ids[edge]]
                edge += 1
            pos = s_k - edge_start
            loop = edge_ids[edge:] + edge_ids * laps
            f.write('    <vehicle id="c%d" type="%s" depart="0" departPos="%.2f" departSpeed="0">\n' % (k, vtype_id, pos))
            f.write('        <route edges="%s"/>\n' % " ".join(loop))
            f.write("    </vehicle>\n")
        f.write("</routes>\n")
    return path


def write_highway_flow(path, edge_ids, veh_per_hour, lanes=3, end=3600.0, vtype_id="idm", params=None,
                       depart_speed="max"):
    """`veh_per_hour` vehicles from the first edge to the last, as one flow per lane
    (departLane="i", veh_per_hour / lanes each) inserted at the maximum safe speed. One flow on
    departLane="best" gives the same counts in SUMO 1.15. SUMO inserts 1800 veh/h/lane cleanly;
    asked 2400 veh/h/lane, its insertion breaks down to about 960 veh/h/lane (docs/sumo.md)."""
    attrs = dict(IDM_TREIBER)
    if params:
        attrs.update({k: str(v) for k, v in params.items()})
    attrs["speedDev"] = "0"
    with open(path, "w", encoding="utf-8") as f:
        f.write("<routes>\n")
        f.write('    <vType id="%s" carFollowModel="IDM" %s/>\n' % (vtype_id, " ".join('%s="%s"' % kv for kv in attrs.items())))
        f.write('    <route id="main" edges="%s"/>\n' % " ".join(edge_ids))
        for lane in range(lanes):
            f.write('    <flow id="f%d" type="%s" route="main" begin="0" end="%s" vehsPerHour="%s" departLane="%d" departSpeed="%s"/>\n'
                    % (lane, vtype_id, end, veh_per_hour / lanes, lane, depart_speed))
        f.write("</routes>\n")
    return path
