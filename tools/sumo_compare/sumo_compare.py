#!/usr/bin/env python3
"""Side by side with SUMO (issue 6): make SUMO inputs, run sumo and a second simulator that takes
SUMO's options (`dptwin sumo`), and compare arrivals, mean trip duration and vehicle updates per
second. Standard library only. See docs/sumo.md.

  sumo_compare.py grid  [--size 10 --length 200 --lanes 1 --junction traffic_light
                         --demand-end 3600 (--period P | --density D) --seed 42 --end S]
                        [--other "build/default/engine/app/dptwin sumo" --threads 2] [--work DIR]
  sumo_compare.py files -n NET.net.xml -r ROUTES.rou.xml [--begin S --end S] [--other CMD]
  sumo_compare.py ring  [--circumference 2000 --segments 40 --vehicles 60 --end 900]
  sumo_compare.py highway [--length 5000 --lanes 3 --flow 5400 --end 1800]

Prints a table, then one JSON line. Exit status: 0 when the comparison passes (or there is no
second simulator), 1 when it fails or a simulator fails, 2 on bad input or a SUMO tool error.
"""
import argparse
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402
import networks  # noqa: E402
import runs  # noqa: E402


def add_run_options(p):
    p.add_argument("--begin", type=float, default=0.0, help="simulation begin, s")
    p.add_argument("--end", type=float, default=None,
                   help="simulation end, s (default: the demand end for grid; none = until every vehicle arrived)")
    p.add_argument("--step-length", type=float, default=1.0)
    p.add_argument("--other", help='the second simulator, a command prefix: e.g. "build/default/engine/app/dptwin sumo"')
    p.add_argument("--other-name", default="dptwin")
    p.add_argument("--threads", type=int, default=2, help="--threads for the second simulator")
    p.add_argument("--sumo-threads", type=int, default=None, help="--threads for sumo (default: not given)")
    p.add_argument("--fcd", action="store_true", help="also write FCD output in both runs")
    p.add_argument("--work", help="folder for inputs and outputs (default: a new temporary folder, kept)")


def work_dir(args, prefix):
    if args.work:
        os.makedirs(args.work, exist_ok=True)
        return args.work
    return tempfile.mkdtemp(prefix=prefix)


def compare_on(case, net, routes, args, outdir, end):
    """Runs sumo (and the other simulator); prints the table and the JSON line; returns the exit status."""
    sumo = runs.run_sumo(net, routes, outdir, begin=args.begin, end=end, step_length=args.step_length, fcd=args.fcd,
                         threads=args.sumo_threads)
    if sumo["exit"] != 0:
        print("sumo failed (exit %d):\n%s" % (sumo["exit"], sumo["stdout_tail"]), file=sys.stderr)
        return 1
    case = dict(case, net=net, routes=routes, begin=args.begin, end=end, step_length=args.step_length,
                vehicles_in_routes=networks.count_vehicles(routes))
    if not args.other:
        print(compare.table([sumo]))
        print(compare.json_line(case, sumo))
        return 0
    other = runs.run_other(args.other, net, routes, outdir, begin=args.begin, end=end, step_length=args.step_length,
                           fcd=args.fcd, threads=args.threads, name=args.other_name)
    if other["exit"] != 0:
        print(compare.table([sumo]))
        print("%s failed (exit %d):\n%s" % (args.other_name, other["exit"], other["stdout_tail"]), file=sys.stderr)
        print(compare.json_line(case, sumo, other))
        return 1
    v = compare.verdict(sumo, other)
    print(compare.table([sumo, other], v))
    print(compare.json_line(case, sumo, other, v))
    return 0 if v["arrivals_ok"] and v["duration_ok"] else 1


def cmd_grid(args):
    folder = work_dir(args, "sumo_grid_")
    net = networks.make_grid(folder, size=args.size, length=args.length, lanes=args.lanes, junction=args.junction,
                             tls_type=args.tls_type)
    vtype = networks.write_vtype_file(os.path.join(folder, "idm.add.xml"), speed_dev=args.speed_dev)
    if args.period is None and args.density is None:
        args.density = 30.0
    _, routes = networks.make_trips(folder, net, end=args.demand_end, period=args.period,
                                    density=None if args.period is not None else args.density, seed=args.seed,
                                    vtype_file=vtype, min_distance=args.min_distance)
    if args.trips_only:
        routes = routes.replace(".rou.xml", ".trips.xml")
    end = args.end if args.end is not None else args.demand_end
    if end is not None and end <= 0:
        end = None
    case = {"kind": "grid", "size": args.size, "length": args.length, "lanes": args.lanes, "junction": args.junction,
            "tls_type": args.tls_type,
            "demand_end": args.demand_end, "period": args.period, "density": args.density, "seed": args.seed,
            "speed_dev": args.speed_dev, "work": folder}
    print("inputs in %s" % folder)
    return compare_on(case, net, routes, args, folder, end)


def cmd_files(args):
    folder = work_dir(args, "sumo_files_")
    for p in (args.net, args.routes):
        if not os.path.exists(p):
            print("%s: no such file" % p, file=sys.stderr)
            return 2
    return compare_on({"kind": "files"}, os.path.abspath(args.net), os.path.abspath(args.routes), args, folder, args.end)


def ring_speed_from_fcd(fcd_path, after):
    """Mean speed over all FCD records at time >= after (m/s)."""
    n, s = 0, 0.0
    t = None
    for ev, el in ET.iterparse(fcd_path, events=("start", "end")):
        if ev == "start" and el.tag == "timestep":
            t = float(el.get("time"))
        elif ev == "end" and el.tag == "vehicle":
            if t is not None and t >= after:
                n += 1
                s += float(el.get("speed"))
            el.clear()
    return s / n if n else float("nan")


def cmd_ring(args):
    """SUMO's flow on the ring at each asked number of vehicles: q = k v with k = N / L and v the
    mean FCD speed over the second half of the run (after the start-up transient)."""
    folder = work_dir(args, "sumo_ring_")
    net, edges = networks.make_ring(folder, circumference=args.circumference, segments=args.segments)
    length = sum(networks.lane_lengths(net)[e] for e in edges)
    status = 0
    for n in args.vehicles:
        outdir = os.path.join(folder, "n%d" % n)
        os.makedirs(outdir, exist_ok=True)
        routes = networks.write_ring_routes(os.path.join(outdir, "ring.rou.xml"), net, edges, n, laps=args.laps)
        sumo = runs.run_sumo(net, routes, outdir, end=args.end, step_length=args.step_length, fcd=True)
        if sumo["exit"] != 0:
            print("sumo failed:\n" + sumo["stdout_tail"], file=sys.stderr)
            status = 1
            continue
        speed = ring_speed_from_fcd(os.path.join(outdir, "sumo_fcd.xml"), args.end / 2)
        density = n / (length / 1000.0)   # veh/km
        flow = density * speed * 3.6      # veh/h: q = k v (v in km/h)
        out = {"kind": "ring", "work": outdir, "net": net, "routes": routes, "ring_length_m": length, "vehicles": n,
               "density_veh_km": density, "mean_speed_m_s": speed, "flow_veh_h": flow, "teleports": sumo.get("teleports"),
               "collisions": sumo.get("collisions"), "warnings": sumo.get("warnings"), "sim_wall_s": sumo.get("sim_wall_s"),
               "ups": sumo.get("ups")}
        print("ring %.0f m, %d vehicles: density %.1f veh/km, mean speed (second half) %.2f m/s, flow %.0f veh/h"
              % (length, n, density, speed, flow))
        print(json.dumps(compare._clean(out)))
    return status


def cmd_highway(args):
    folder = work_dir(args, "sumo_highway_")
    net, edges = networks.make_highway(folder, length=args.length, lanes=args.lanes, segments=args.segments)
    routes = networks.write_highway_flow(os.path.join(folder, "highway.rou.xml"), edges, args.flow, lanes=args.lanes,
                                          end=args.end)
    sumo = runs.run_sumo(net, routes, folder, end=args.end, step_length=args.step_length)
    if sumo["exit"] != 0:
        print("sumo failed:\n" + sumo["stdout_tail"], file=sys.stderr)
        return 1
    out = {"kind": "highway", "work": folder, "net": net, "routes": routes, "lanes": args.lanes, "flow_asked_veh_h": args.flow,
           "inserted": sumo.get("inserted"), "loaded": sumo.get("loaded"), "arrived": sumo.get("arrived"),
           "mean_duration": sumo.get("mean_duration"), "mean_depart_delay": sumo.get("mean_depart_delay"),
           "teleports": sumo.get("teleports"), "sim_wall_s": sumo.get("sim_wall_s"), "ups": sumo.get("ups")}
    print("highway %.0f m x %d lanes, asked %d veh/h: inserted %s of %s loaded, arrived %s, mean duration %.1f s"
          % (args.length, args.lanes, args.flow, sumo.get("inserted"), sumo.get("loaded"), sumo.get("arrived"),
             sumo.get("mean_duration", float("nan"))))
    print(json.dumps(compare._clean(out)))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="verb", required=True)

    g = sub.add_parser("grid", help="netgenerate grid + randomTrips, then compare")
    g.add_argument("--size", type=int, default=10, help="junctions per side")
    g.add_argument("--length", type=float, default=200.0, help="street length, m")
    g.add_argument("--lanes", type=int, default=1, help="lanes per direction")
    g.add_argument("--junction", default="traffic_light",
                   help="netgenerate --default-junction-type (traffic_light, priority, right_before_left, allway_stop, ...)")
    g.add_argument("--tls-type", default="static", choices=("static", "actuated"),
                   help="netgenerate --tls.default-type: fixed-time or gap-actuated signals")
    g.add_argument("--demand-end", type=float, default=3600.0, help="last departure, s (randomTrips -e)")
    d = g.add_mutually_exclusive_group()
    d.add_argument("--period", type=float, help="one departure every PERIOD s (randomTrips --period)")
    d.add_argument("--density", type=float,
                   help="departures per hour per km of lane (randomTrips --insertion-density; default 30)")
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--min-distance", type=float, default=None, help="randomTrips --min-distance, m")
    g.add_argument("--speed-dev", type=float, default=0.0, help="vType speedDev (SUMO's default is 0.1)")
    g.add_argument("--trips-only", action="store_true", help="give the simulators the unrouted trips file")
    add_run_options(g)
    g.set_defaults(func=cmd_grid)

    f = sub.add_parser("files", help="compare on existing .net.xml and .rou.xml")
    f.add_argument("-n", "--net", required=True)
    f.add_argument("-r", "--routes", required=True)
    add_run_options(f)
    f.set_defaults(func=cmd_files)

    r = sub.add_parser("ring", help="single-lane ring from plain XML (netconvert); SUMO's flow at one density")
    r.add_argument("--circumference", type=float, default=2000.0)
    r.add_argument("--segments", type=int, default=40)
    r.add_argument("--vehicles", type=int, nargs="+", default=[60], help="one run per count")
    r.add_argument("--laps", type=int, default=20, help="laps in each route (enough for --end at free speed)")
    r.add_argument("--end", type=float, default=900.0)
    r.add_argument("--step-length", type=float, default=1.0)
    r.add_argument("--work")
    r.set_defaults(func=cmd_ring)

    h = sub.add_parser("highway", help="straight multi-lane highway from plain XML (netconvert) with one flow")
    h.add_argument("--length", type=float, default=5000.0)
    h.add_argument("--lanes", type=int, default=3)
    h.add_argument("--segments", type=int, default=5)
    h.add_argument("--flow", type=float, default=5400.0, help="vehicles per hour asked at the entry")
    h.add_argument("--end", type=float, default=1800.0)
    h.add_argument("--step-length", type=float, default=1.0)
    h.add_argument("--work")
    h.set_defaults(func=cmd_highway)

    args = ap.parse_args(argv)
    if not networks.have_sumo():
        print("SUMO is not installed (sumo, netgenerate, netconvert, duarouter, %s)" % networks.RANDOM_TRIPS, file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except networks.ToolError as e:
        print(str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
