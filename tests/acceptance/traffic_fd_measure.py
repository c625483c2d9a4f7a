"""The fundamental diagram of road traffic, measured from a simulator's FCD output (issue 6).

Standard library only. What is here:
  - ring networks of one or more lanes (a regular polygon of straight edges, netconvert from plain
    XML, as tools/sumo_compare/networks.py builds its single-lane ring) and route files that place
    N vehicles per lane evenly around them, standing, on routes that go round many times;
  - Edie's generalized definitions of flow, density and speed over a space-time window, computed
    per lane from FCD records;
  - the IDM's equilibrium flow (the theory the measurement is compared with).

Edie (L. C. Edie, "Discussion of traffic stream measurements and definitions", Proc. 2nd Int.
Symp. on the Theory of Traffic Flow, 1963, pp. 139-154): over a region A of the space-time plane
(a road section of length L during a time T, |A| = L T), with d the total distance driven and t the
total time spent by all vehicles inside A,
    q = d / |A|   (flow),   k = t / |A|   (density),   v = q / k = d / t   (space-mean speed).
The region here is the ring's normal edges (the short internal lanes inside the junctions left
out, so that the section length is exactly the sum of the normal lanes' lengths whatever a
simulator does inside junctions) during the measurement window. With FCD records every dt
seconds, a record inside the region adds dt to t and speed * dt to d: with SUMO's default
(semi-implicit Euler) update x(t + dt) = x(t) + v(t + dt) dt, speed * dt is exactly the distance
driven in the step that ends at the record.
"""
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_HERE, "..", "..", "tools", "sumo_compare"))

import networks  # noqa: E402  (tools/sumo_compare: run_tool, lane_lengths, IDM_TREIBER)

# Treiber's highway IDM (Treiber & Kesting, "Traffic Flow Dynamics", 2013, table 11.2): the
# parameters the acceptance criterion names, in SI units.
TREIBER = {"v0": 120.0 / 3.6, "T": 1.5, "a": 1.0, "b": 1.5, "s0": 2.0, "delta": 4.0, "length": 5.0}


def make_ring(folder, lanes, circumference=2000.0, segments=40, speed=33.33, name=None):
    """A ring road of `lanes` lanes: a regular polygon of `segments` straight edges "r0".."r{n-1}"
    whose perimeter is `circumference`, built by netconvert from plain nodes and edges (edge i from
    node i to node i+1, counter-clockwise, no turnarounds: each junction has one way on, lane i to
    lane i). Returns (net_path, edge_ids)."""
    name = name or "ring%dl" % lanes
    radius = circumference / (2.0 * segments * math.sin(math.pi / segments))
    nod = os.path.join(folder, name + ".nod.xml")
    edg = os.path.join(folder, name + ".edg.xml")
    with open(nod, "w", encoding="utf-8") as f:
        f.write("<nodes>\n")
        for i in range(segments):
            ang = 2.0 * math.pi * i / segments
            f.write('    <node id="n%d" x="%.3f" y="%.3f" type="priority"/>\n'
                    % (i, radius * math.cos(ang), radius * math.sin(ang)))
        f.write("</nodes>\n")
    edges = ["r%d" % i for i in range(segments)]
    with open(edg, "w", encoding="utf-8") as f:
        f.write("<edges>\n")
        for i in range(segments):
            f.write('    <edge id="r%d" from="n%d" to="n%d" numLanes="%d" speed="%.2f" priority="1"/>\n'
                    % (i, i, (i + 1) % segments, lanes, speed))
        f.write("</edges>\n")
    net = os.path.join(folder, name + ".net.xml")
    networks.run_tool(["netconvert", "-n", nod, "-e", edg, "--no-turnarounds", "true", "-o", net])
    return net, edges


def normal_lane_lengths(net):
    """{lane id: length} for the lanes of the normal (non-internal) edges of a .net.xml."""
    out = {}
    for edge in ET.parse(net).getroot().iter("edge"):
        if edge.get("function"):
            continue
        for lane in edge.iter("lane"):
            out[lane.get("id")] = float(lane.get("length"))
    return out


def write_ring_routes(path, net, edge_ids, per_lane, lanes, laps, vtype_id="idm", front_first=True):
    """`per_lane` vehicles on each of `lanes` lanes, spread evenly along the ring's normal edges
    (lane l shifted by l/lanes of a spacing, so that the lanes are not side by side), standing at
    time 0 (departSpeed 0), each on a route that starts on its edge and goes round `laps` more
    times (SUMO has no endless route). The vType is Treiber's IDM with speedDev 0 (every vehicle
    drives at exactly v0 on a free road). With front_first=False the vehicles are written in their
    order round the ring (the order that shows dptwin's insertion problem, below). Returns the
    number of vehicles written."""
    vtype = dict(networks.IDM_TREIBER)
    vtype["speedDev"] = "0"
    lengths = networks.lane_lengths(net)  # lane 0 of each normal edge; all lanes are equally long
    total = sum(lengths[e] for e in edge_ids)
    spacing = total / per_lane
    placed = []  # (edge index, lane, position of the front bumper, vehicle id)
    for k in range(per_lane):
        for lane in range(lanes):
            s = (k + lane / float(lanes)) * spacing
            edge, start = 0, 0.0
            while s >= start + lengths[edge_ids[edge]]:
                start += lengths[edge_ids[edge]]
                edge += 1
            # departPos is the front bumper's position on the edge. Not less than the length: SUMO
            # would leave the rear hanging over the junction behind, dptwin moves the vehicle
            # forward to the length; both simulators get the same start this way.
            pos = max(s - start, float(vtype["length"]))
            placed.append((edge, lane, pos, "c%d_%d" % (k, lane)))
    # On each lane the front-most vehicle first: dptwin inserts a vehicle only behind the last one
    # already on its lane (ordered the other way, the vehicles nearer the edge's end wait until
    # the lane is clear behind them; see docs/traffic.md "Fundamental diagram").
    if front_first:
        placed.sort(key=lambda p: (p[0], p[1], -p[2]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("<routes>\n")
        f.write('    <vType id="%s" carFollowModel="IDM" %s/>\n'
                % (vtype_id, " ".join('%s="%s"' % kv for kv in vtype.items())))
        for i in range(len(edge_ids)):
            f.write('    <route id="from_%s" edges="%s"/>\n' % (edge_ids[i], " ".join(edge_ids[i:] + edge_ids * laps)))
        for edge, lane, pos, vid in placed:
            f.write('    <vehicle id="%s" type="%s" route="from_%s" depart="0" departLane="%d" '
                    'departPos="%.2f" departSpeed="0"/>\n' % (vid, vtype_id, edge_ids[edge], lane, pos))
        f.write("</routes>\n")
    return len(placed)


_TIMESTEP = re.compile(r'<timestep time="([^"]+)"')
_VEHICLE = re.compile(r'<vehicle id="([^"]+)"[^>]*?\bspeed="([^"]+)"[^>]*?\blane="([^"]+)"')


def edie_per_lane(fcd_path, lane_lengths, t_from, t_to, dt=1.0):
    """Edie's flow, density and speed on each lane index over the region (the normal lanes in
    `lane_lengths`, keyed by lane id) x (t_from, t_to], from an FCD file. Also counts, over the
    whole window, how often a vehicle's lane index changed between consecutive records (lane
    changes) and the fewest vehicles seen in one timestep (a vehicle that vanished would show
    here). A line-by-line scan: FCD files of a few 100k records parse in a second this way.
    Returns {"lanes": {index: {"q": veh/h, "k": veh/km, "v": m/s}}, "lane_changes": n,
    "min_vehicles": n, "timesteps": n}."""
    by_index = {}
    for lane_id, length in lane_lengths.items():
        idx = int(lane_id.rsplit("_", 1)[1])
        by_index[idx] = by_index.get(idx, 0.0) + length
    dist = {i: 0.0 for i in by_index}
    time_spent = {i: 0.0 for i in by_index}
    last_index = {}
    lane_changes, min_vehicles, steps, count, inside = 0, None, 0, 0, False
    with open(fcd_path, encoding="utf-8") as f:
        for line in f:
            m = _TIMESTEP.search(line)
            if m:
                if inside:
                    min_vehicles = count if min_vehicles is None else min(min_vehicles, count)
                t = float(m.group(1))
                inside = t_from < t <= t_to + 1e-9
                steps += 1 if inside else 0
                count = 0
                continue
            if not inside:
                continue
            m = _VEHICLE.search(line)
            if not m:
                continue
            count += 1
            vid, speed, lane_id = m.group(1), float(m.group(2)), m.group(3)
            idx = int(lane_id.rsplit("_", 1)[1])
            if vid in last_index and last_index[vid] != idx:
                lane_changes += 1
            last_index[vid] = idx
            if lane_id in lane_lengths:
                time_spent[idx] += dt
                dist[idx] += speed * dt
    if inside:
        min_vehicles = count if min_vehicles is None else min(min_vehicles, count)
    # The window's duration from the records seen (sumo --end E writes its last step at E - dt).
    area = {i: by_index[i] * steps * dt for i in by_index}  # m s
    lanes = {}
    for i in sorted(by_index):
        q = dist[i] / area[i]        # veh/s
        k = time_spent[i] / area[i]  # veh/m
        lanes[i] = {"q": q * 3600.0, "k": k * 1000.0, "v": dist[i] / time_spent[i] if time_spent[i] > 0 else float("nan")}
    return {"lanes": lanes, "lane_changes": lane_changes, "min_vehicles": min_vehicles or 0, "timesteps": steps}


def vehicles_in_first_step(fcd_path):
    """How many vehicles the FCD file's first timestep holds."""
    n, started = 0, False
    with open(fcd_path, encoding="utf-8") as f:
        for line in f:
            if "<timestep" in line:
                if started or "/>" in line:
                    return n
                started = True
            elif "</timestep>" in line:
                return n
            elif started and "<vehicle " in line:
                n += 1
    return n


def idm_equilibrium_speed(k_per_km, p=TREIBER):
    """The speed v at which a homogeneous IDM lane of density k is in equilibrium: the gap
    s = 1/k - length equals s_e(v) = (s0 + v T) / sqrt(1 - (v/v0)^delta) (Treiber & Kesting 2013,
    eq. 11.20). s_e grows monotonically from s0 at v = 0 to infinity at v0: bisection."""
    gap = 1000.0 / k_per_km - p["length"]
    if gap <= p["s0"]:
        return 0.0
    lo, hi = 0.0, p["v0"]
    for _ in range(100):
        v = 0.5 * (lo + hi)
        s_e = (p["s0"] + v * p["T"]) / math.sqrt(1.0 - (v / p["v0"]) ** p["delta"])
        if s_e < gap:
            lo = v
        else:
            hi = v
    return 0.5 * (lo + hi)


def idm_equilibrium_flow(k_per_km, p=TREIBER):
    """q = k v_e(k), veh/h/lane."""
    return k_per_km * idm_equilibrium_speed(k_per_km, p) * 3.6


def idm_capacity(p=TREIBER):
    """The largest equilibrium flow over densities (a fine scan), veh/h/lane: 1,836 for Treiber's
    parameters (the same number as idm_capacity() in engine/sim/traffic/include/dpt/sim/traffic/idm.h)."""
    return max(idm_equilibrium_flow(k / 10.0, p) for k in range(10, 1500))
