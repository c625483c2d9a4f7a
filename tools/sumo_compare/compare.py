"""The side-by-side verdict: arrivals within 2 %, mean trip duration within 10 % of SUMO's, and
the ratio of vehicle updates per second (issue 6's acceptance), printed as a table and one JSON
line."""
import json
import math

ARRIVALS_TOLERANCE = 0.02
DURATION_TOLERANCE = 0.10

ROWS = [
    ("arrived", "arrivals", "%d"),
    ("inserted", "inserted", "%d"),
    ("teleports", "teleports", "%d"),
    ("mean_duration", "mean duration s", "%.2f"),
    ("mean_waiting", "mean waiting s", "%.2f"),
    ("mean_time_loss", "mean time loss s", "%.2f"),
    ("mean_route_length", "mean route m", "%.1f"),
    ("vehicle_updates", "vehicle updates", "%.0f"),
    ("sim_wall_s", "sim wall s", "%.3f"),
    ("process_wall_s", "process wall s", "%.3f"),
    ("process_cpu_s", "process CPU s", "%.3f"),
    ("ups", "updates/s", "%.0f"),
    ("ups_cpu", "updates/CPU s", "%.0f"),
]


def rel_diff(a, b):
    """(a - b) / b; nan when b is 0 or missing."""
    if a is None or b is None or not b or (isinstance(b, float) and math.isnan(b)):
        return float("nan")
    return (a - b) / b


def verdict(sumo, other):
    """The comparison of `other` against `sumo` (summary dicts from runs.py)."""
    arr = rel_diff(other.get("arrived"), sumo.get("arrived"))
    dur = rel_diff(other.get("mean_duration"), sumo.get("mean_duration"))
    speed = (other.get("ups") / sumo["ups"]) if other.get("ups") and sumo.get("ups") else float("nan")
    return {
        "arrivals_rel": arr,
        "duration_rel": dur,
        "speed_ratio": speed,
        "arrivals_ok": abs(arr) <= ARRIVALS_TOLERANCE,
        "duration_ok": abs(dur) <= DURATION_TOLERANCE,
    }


def _cell(fmt, v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return fmt % v


def table(runs, v=None):
    """A text table: one column per run (dicts with a "name")."""
    lines = ["%-18s" % "" + "".join("%16s" % r["name"] for r in runs)]
    for key, label, fmt in ROWS:
        lines.append("%-18s" % label + "".join("%16s" % _cell(fmt, r.get(key)) for r in runs))
    if v:
        lines.append("arrivals %+.2f %% (within %.0f %%: %s), mean duration %+.2f %% (within %.0f %%: %s), speed x%.2f"
                     % (100 * v["arrivals_rel"], 100 * ARRIVALS_TOLERANCE, "yes" if v["arrivals_ok"] else "NO",
                        100 * v["duration_rel"], 100 * DURATION_TOLERANCE, "yes" if v["duration_ok"] else "NO",
                        v["speed_ratio"]))
    return "\n".join(lines)


def _clean(x):
    """JSON-safe: nan and inf become null; long fields dropped."""
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else round(x, 6)
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items() if k not in ("stdout_tail", "command")}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def json_line(case, sumo, other=None, v=None):
    obj = {"case": case, "sumo": sumo}
    if other is not None:
        obj["other"] = other
    if v is not None:
        obj.update(v)
        obj["pass"] = bool(v["arrivals_ok"] and v["duration_ok"])
    return json.dumps(_clean(obj), sort_keys=False)
