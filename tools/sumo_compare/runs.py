"""Running SUMO and a second simulator on the same files, and reading what they report.

Both are run with SUMO's option names (-n, -r, --begin, --end, --step-length, --tripinfo-output,
--fcd-output, --threads), so the second simulator (`dptwin sumo`) is swapped in by its command.
A run's summary is a dict:
  arrived, inserted, loaded, teleports, mean_duration, mean_waiting, mean_time_loss,
  mean_route_length, vehicle_updates, sim_wall_s (the simulator's own loop time),
  process_wall_s (the whole process, as measured here), process_cpu_s (its user + system CPU
  time: with other jobs on the machine, wall time grows and CPU time does not), ups_cpu (vehicle
  updates per CPU second of the whole process, loading included), ups (vehicle updates per second of the
  simulator's own time), exit, stdout_tail.
"""
import json
import os
import re
import resource
import shlex
import subprocess
import time
import xml.etree.ElementTree as ET

from networks import sumo_env


def summarize_tripinfo(path):
    """Arrivals and the means of a SUMO tripinfo file. A tripinfo with arrival -1 (written for an
    unfinished vehicle by --tripinfo-output.write-unfinished) or a vaporized one is not an arrival."""
    n = 0
    sums = {"duration": 0.0, "waitingTime": 0.0, "timeLoss": 0.0, "routeLength": 0.0, "departDelay": 0.0}
    for _, el in ET.iterparse(path, events=("end",)):
        if el.tag != "tripinfo":
            continue
        if float(el.get("arrival", "-1")) >= 0 and not el.get("vaporized"):
            n += 1
            for k in sums:
                sums[k] += float(el.get(k, "0"))
        el.clear()
    mean = (lambda k: sums[k] / n) if n else (lambda k: float("nan"))
    return {
        "arrived": n,
        "mean_duration": mean("duration"),
        "mean_waiting": mean("waitingTime"),
        "mean_time_loss": mean("timeLoss"),
        "mean_route_length": mean("routeLength"),
        "mean_depart_delay": mean("departDelay"),
        "total_duration": sums["duration"],
    }


_NUM = r"([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)"


def parse_duration_text(text):
    """SUMO's 'Duration:' value: '0.04s', '40ms' or 'H:MM:SS.ss' -> seconds."""
    text = text.strip()
    m = re.fullmatch(r"(?:(\d+):)?(\d+):(\d+(?:\.\d*)?)", text)
    if m:
        h = int(m.group(1) or 0)
        return h * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.fullmatch(_NUM + r"\s*(ms|s)", text)
    if m:
        v = float(m.group(1))
        return v / 1000.0 if m.group(2) == "ms" else v
    return None


def parse_sumo_stdout(text):
    """The figures SUMO prints with --duration-log.statistics: wall time of the simulation loop
    ('Duration'), 'UPS' (vehicle updates per second), insertions, teleports and the trip means."""
    out = {}
    m = re.search(r"^\s*Duration:\s*(\S+)\s*$", text, re.M)
    if m:
        out["sim_wall_s"] = parse_duration_text(m.group(1))
    m = re.search(r"^\s*UPS:\s*" + _NUM, text, re.M)
    if m:
        out["ups"] = float(m.group(1))
    m = re.search(r"^\s*Inserted:\s*(\d+)", text, re.M)
    if m:
        out["inserted"] = int(m.group(1))
    m = re.search(r"^\s*Teleports:\s*(\d+)", text, re.M)
    out["teleports"] = int(m.group(1)) if m else 0
    m = re.search(r"^\s*Simulation ended at time:\s*" + _NUM, text, re.M)
    if m:
        out["end_time"] = float(m.group(1))
    return out


def parse_statistics(path):
    """SUMO's --statistic-output: loaded/inserted vehicles and teleports."""
    root = ET.parse(path).getroot()
    out = {}
    v = root.find("vehicles")
    if v is not None:
        out["loaded"] = int(v.get("loaded"))
        out["inserted"] = int(v.get("inserted"))
        out["running_at_end"] = int(v.get("running"))
        out["waiting_at_end"] = int(v.get("waiting"))
    t = root.find("teleports")
    if t is not None:
        out["teleports"] = int(t.get("total"))
        out["teleports_jam"] = int(t.get("jam"))
    s = root.find("safety")
    if s is not None:
        out["collisions"] = int(s.get("collisions"))
    return out


class _Failed:
    """Stands in for a CompletedProcess when the program could not start or ran past its time."""

    def __init__(self, code, message):
        self.returncode, self.stdout, self.stderr = code, "", message


def _run(cmd, timeout, env=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    except OSError as e:
        return _Failed(127, "cannot start %s: %s" % (cmd[0], e))
    except subprocess.TimeoutExpired:
        return _Failed(124, "%s ran past %s s" % (cmd[0], timeout))


def _children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def common_args(net, routes, begin, end, step_length, tripinfo, fcd=None):
    args = ["-n", net, "-r", routes, "--begin", str(begin), "--step-length", str(step_length), "--tripinfo-output", tripinfo]
    if end is not None:
        args += ["--end", str(end)]
    if fcd:
        args += ["--fcd-output", fcd]
    return args


def run_sumo(net, routes, outdir, begin=0, end=None, step_length=1.0, fcd=False, threads=None, extra=(), timeout=7200):
    """Runs sumo; returns the summary dict (see the module's doc). UPS and the loop's wall time
    come from SUMO's own report (--duration-log.statistics)."""
    os.makedirs(outdir, exist_ok=True)
    tripinfo = os.path.join(outdir, "sumo_tripinfo.xml")
    stats = os.path.join(outdir, "sumo_statistics.xml")
    cmd = ["sumo", "-X", "never", "--no-step-log", "--duration-log.statistics", "--statistic-output", stats]
    cmd += common_args(net, routes, begin, end, step_length, tripinfo, os.path.join(outdir, "sumo_fcd.xml") if fcd else None)
    if threads:
        cmd += ["--threads", str(threads)]
    cmd += list(extra)
    t0, c0 = time.monotonic(), _children_cpu_s()
    p = _run(cmd, timeout, env=sumo_env())
    wall, cpu = time.monotonic() - t0, _children_cpu_s() - c0
    text = p.stdout + p.stderr
    with open(os.path.join(outdir, "sumo.log"), "w", encoding="utf-8") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n" + text)
    res = {"name": "sumo", "command": cmd, "exit": p.returncode, "process_wall_s": wall, "process_cpu_s": cpu, "stdout_tail": text[-2000:]}
    if p.returncode != 0:
        return res
    res.update(parse_sumo_stdout(text))
    if os.path.exists(stats):
        res.update(parse_statistics(stats))
    res.update(summarize_tripinfo(tripinfo))
    res["warnings"] = sum(1 for line in text.splitlines() if line.startswith("Warning:"))
    if res.get("ups") and res.get("sim_wall_s"):
        res["vehicle_updates"] = res["ups"] * res["sim_wall_s"]
        res["ups_cpu"] = res["vehicle_updates"] / cpu if cpu > 0 else float("nan")
    return res


def last_json_line(text):
    """The last line of `text` that parses as a JSON object, or None."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def run_other(command, net, routes, outdir, begin=0, end=None, step_length=1.0, fcd=False, threads=2, name="other",
              timeout=7200):
    """Runs a second simulator given as a command prefix (e.g. "build/default/engine/app/dptwin sumo")
    with SUMO's options appended. Its last stdout line should be JSON
    {"vehicle_updates": N, "wall_s": S, "arrived": A}; without it, the process wall time and the
    vehicle updates implied by the tripinfo (sum of durations / step length) stand in."""
    os.makedirs(outdir, exist_ok=True)
    tripinfo = os.path.join(outdir, name + "_tripinfo.xml")
    cmd = shlex.split(command) + common_args(net, routes, begin, end, step_length, tripinfo,
                                             os.path.join(outdir, name + "_fcd.xml") if fcd else None)
    if threads:
        cmd += ["--threads", str(threads)]
    t0, c0 = time.monotonic(), _children_cpu_s()
    p = _run(cmd, timeout)
    wall, cpu = time.monotonic() - t0, _children_cpu_s() - c0
    with open(os.path.join(outdir, name + ".log"), "w", encoding="utf-8") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n" + p.stdout + p.stderr)
    res = {"name": name, "command": cmd, "exit": p.returncode, "process_wall_s": wall, "process_cpu_s": cpu,
           "stdout_tail": (p.stdout + p.stderr)[-2000:]}
    if p.returncode != 0:
        return res
    res.update(summarize_tripinfo(tripinfo))
    j = last_json_line(p.stdout)
    if j:
        res["reported"] = j
        res["vehicle_updates"] = float(j.get("vehicle_updates", 0))
        res["sim_wall_s"] = float(j.get("wall_s", wall))
        if "arrived" in j and int(j["arrived"]) != res["arrived"]:
            res["arrived_mismatch"] = "JSON says %s, tripinfo has %d" % (j["arrived"], res["arrived"])
    else:
        res["vehicle_updates"] = res["total_duration"] / step_length
        res["sim_wall_s"] = wall
        res["note"] = "no JSON line: UPS from tripinfo durations and the process wall time"
    if res.get("sim_wall_s"):
        res["ups"] = res["vehicle_updates"] / res["sim_wall_s"]
    res["ups_cpu"] = res["vehicle_updates"] / cpu if cpu > 0 else float("nan")
    return res
