#!/usr/bin/env python3
"""Where a process's CPU goes, per thread: user and system seconds from /proc/<pid>/task/*/stat.

  thread-cpu.py snap PID            one JSON object {tid: [name, utime, stime]} (clock ticks)
  thread-cpu.py diff BEFORE AFTER   {name: {"user": s, "sys": s}} between two snaps, threads of one
                                    kind together (digits in names become N), busiest first
"""
import json
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")


def snap(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = [name, int(fields[11]), int(fields[12])]  # utime, stime (fields 14 and 15 of stat)
    return out


def diff(before, after):
    groups = {}
    for tid, (name, user, system) in after.items():
        _, user0, system0 = before.get(tid, [name, 0, 0])
        kind = re.sub(r"\d+", "N", name)
        g = groups.setdefault(kind, {"user": 0.0, "sys": 0.0})
        g["user"] += (user - user0) / TICK
        g["sys"] += (system - system0) / TICK
    busy = {k: {"user": round(v["user"], 2), "sys": round(v["sys"], 2)} for k, v in groups.items()
            if v["user"] + v["sys"] > 0}
    return dict(sorted(busy.items(), key=lambda kv: -(kv[1]["user"] + kv[1]["sys"])))


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        print(json.dumps(snap(sys.argv[2])))
    else:
        print(json.dumps(diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])))))
