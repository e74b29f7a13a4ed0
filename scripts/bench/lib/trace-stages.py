#!/usr/bin/env python3
"""Where a broadcast's latency goes, stage by stage, from a gateway run with CHAT_DELIVERY_TRACE=true.

  trace-stages.py diff BEFORE AFTER  {stage: {"n", "mean_ms", "p50_ms", "p99_ms"}} of what was recorded
                                     between two scrapes of /metrics saved as text (curl -s URL > FILE):
                                     Prometheus buckets subtract; a quantile is interpolated linearly in
                                     the bucket it falls in, as histogram_quantile does
"""
import json
import re
import sys

LINE = re.compile(r'^pulsechat_trace_(\w+)_seconds_(bucket|count|sum)(\{[^}]*\})? (\S+)$')
LE = re.compile(r'le="([^"]+)"')
STAGES = ["score", "store", "release", "handoff", "write", "flush", "sent"]


def parse(path):
    out = {}
    with open(path) as f:
        for line in f.read().splitlines():
            m = LINE.match(line)
            if not m:
                continue
            stage, kind, labels, value = m.group(1), m.group(2), m.group(3) or "", float(m.group(4))
            s = out.setdefault(stage, {"buckets": {}, "count": 0.0, "sum": 0.0})
            if kind == "bucket":
                le = LE.search(labels).group(1)
                s["buckets"][le] = s["buckets"].get(le, 0.0) + value
            else:
                s[kind] += value
    return out


def quantile(buckets, n, q):
    rank = q * n
    lower, below = 0.0, 0.0
    for le, cumulative in buckets:
        if cumulative >= rank:
            if le == float("inf"):
                return lower
            inside = cumulative - below
            return lower + (le - lower) * ((rank - below) / inside if inside > 0 else 1.0)
        lower, below = le, cumulative
    return lower


def diff(before, after):
    out = {}
    for stage in sorted(after, key=lambda s: STAGES.index(s) if s in STAGES else 99):
        a, b = after[stage], before.get(stage, {"buckets": {}, "count": 0.0, "sum": 0.0})
        n = a["count"] - b["count"]
        if n <= 0:
            continue
        buckets = sorted(((float(le), a["buckets"][le] - b["buckets"].get(le, 0.0)) for le in a["buckets"]),
                         key=lambda x: x[0])
        out[stage] = {"n": int(n), "mean_ms": round((a["sum"] - b["sum"]) / n * 1000, 3),
                      "p50_ms": round(quantile(buckets, n, 0.5) * 1000, 3),
                      "p99_ms": round(quantile(buckets, n, 0.99) * 1000, 3)}
    return out


if __name__ == "__main__":
    print(json.dumps(diff(parse(sys.argv[2]), parse(sys.argv[3]))))
