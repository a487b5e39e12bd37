#!/usr/bin/env python3
"""Compares what scripts/device/cuda_check.sh's CPU and CUDA workflows answered (files in OUT): test metrics of each
run, and per photo the top-1 family and the probability of every family both devices list in their top k.
Usage: compare_devices.py OUT"""
import csv
import json
import sys
from pathlib import Path

RUNS = {1: "head on cached features", 2: "fine-tuned 2 blocks", 3: "scratch_cnn2"}


def metrics(obj):
    """The first dict in obj (depth first) that has accuracy and macro_f1."""
    if isinstance(obj, dict):
        if "accuracy" in obj and "macro_f1" in obj:
            return obj
        for v in obj.values():
            found = metrics(v)
            if found:
                return found
    if isinstance(obj, list):
        for v in obj:
            found = metrics(v)
            if found:
                return found
    return None


def predictions(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            ranks = sorted(k for k in row if k.startswith("rank"))
            rows[Path(row["path"]).name] = {row[r]: float(row["p" + r[4:]]) for r in ranks if row[r]}
    return rows


def main(out):
    out = Path(out)
    ok = True
    for run, what in RUNS.items():
        m = {d: metrics(json.loads((out / f"eval-{run}-{d}.json").read_text())) for d in ("cpu", "cuda")}
        line = ", ".join(f"{k} cpu {m['cpu'][k]:.4f} cuda {m['cuda'][k]:.4f}" for k in ("accuracy", "macro_f1") if k in m["cpu"])
        print(f"run {run} ({what}), test: {line}")
        p = {d: predictions(out / f"predict-{run}-{d}.csv") for d in ("cpu", "cuda")}
        same_top1 = sum(max(p["cpu"][n], key=p["cpu"][n].get) == max(p["cuda"][n], key=p["cuda"][n].get) for n in p["cpu"])
        diffs = [abs(p["cpu"][n][c] - p["cuda"][n][c]) for n in p["cpu"] for c in p["cpu"][n] if c in p["cuda"].get(n, {})]
        print(f"  {len(p['cpu'])} photos: same top-1 on {same_top1}, largest |p_cpu - p_cuda| {max(diffs):.2e}, "
              f"mean {sum(diffs) / len(diffs):.2e}")
        ok &= len(p["cpu"]) == len(p["cuda"]) > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
