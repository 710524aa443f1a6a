#!/usr/bin/python3
"""Reads the JSON runs that bench/compare.sh left in a folder and prints, per model, ours vs PyTorch.

Iterations of all rounds are pooled per side and phase; the ratio is PyTorch's median time over ours
(> 1: we are faster), its spread is the range of the per-round ratios. Peak RSS: the larger of the
rounds. Standard library only.
"""
import glob
import json
import os
import statistics
import sys
from collections import defaultdict

# issue 12's targets: PyTorch time / ours
TARGETS = {"train_step": 1.0, "forward": 1.2, "sample_step": 1.2, "vae_decode": 1.0, "vae_encode": 1.0}


def load(folder):
    runs = defaultdict(lambda: {"ours": [], "torch": []})
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        name = os.path.basename(path)
        tag, side = name.split(".")[0], name.split(".")[1]
        with open(path) as f:
            runs[tag][side].append(json.load(f))
    return runs


def by_phase(reports):
    out = defaultdict(lambda: {"seconds": [], "medians": [], "rss": 0, "gflops": [], "frac": []})
    for rep in reports:
        for r in rep["results"]:
            p = out[r["name"]]
            secs = r.get("seconds") or [r["median_s"]] * r["reps"]
            p["seconds"] += secs
            p["medians"].append(r["median_s"])
            p["rss"] = max(p["rss"], r["peak_rss_bytes"])
            p["gflops"].append(r["gflops"])
            p["frac"].append(r["fraction_of_ceiling"])
    return out


def report(tag, ours, torch):
    o, t = by_phase(ours), by_phase(torch)
    macs_o, macs_t = ours[0]["macs_per_image"], torch[0]["macs_per_image"]
    lines = [f"== {ours[0]['model']} batch {ours[0]['batch']} ({len(ours)} round(s)); MACs/image ours {macs_o:,} "
             f"torch {macs_t:,}{'' if macs_o == macs_t else '  <-- MISMATCH'}",
             "   loads (1-min) ours: " + ", ".join(str(r["environment"]["load_before"]).split()[0] for r in ours)
             + "; torch: " + ", ".join(f"{r['load_avg'][0]:.2f}" for r in torch),
             f"   {'phase':<12} {'ours s':>8} {'spr':>5} {'torch s':>8} {'spr':>5} {'speed ratio':>16} "
             f"{'ours GF/s':>9} {'ceil':>5} {'torch GF/s':>10} {'ceil':>5} {'RSS ours/torch MB':>18} {'ratio':>6}"]
    for phase in ["sgemm", "forward", "sample_step", "train_step", "vae_decode", "vae_encode"]:
        if phase not in o or phase not in t:
            continue
        po, pt = o[phase], t[phase]
        mo, mt = statistics.median(po["seconds"]), statistics.median(pt["seconds"])
        per_round = [b / a for a, b in zip(po["medians"], pt["medians"])]
        spread = (f"{min(per_round):.2f}-{max(per_round):.2f}" if len(per_round) > 1 else "")
        ratio = mt / mo
        sp_o = (max(po["seconds"]) - min(po["seconds"])) / mo
        sp_t = (max(pt["seconds"]) - min(pt["seconds"])) / mt
        rss = po["rss"] / pt["rss"]
        verdict = ""
        if phase in TARGETS:
            verdict = "  speed " + ("REACHED" if ratio >= TARGETS[phase] else "not reached")
            if phase == "train_step":
                verdict += ", RSS " + ("REACHED" if rss <= 1.5 else "not reached")
        lines.append(f"   {phase:<12} {mo:>8.3f} {100 * sp_o:>4.0f}% {mt:>8.3f} {100 * sp_t:>4.0f}% {ratio:>6.2f}x {spread:>9} "
                     f"{statistics.median(po['gflops']):>9.1f} {100 * statistics.median(po['frac']):>4.0f}% "
                     f"{statistics.median(pt['gflops']):>10.1f} {100 * statistics.median(pt['frac']):>4.0f}% "
                     f"{po['rss'] / 2**20:>8.0f}/{pt['rss'] / 2**20:<9.0f} {rss:>6.2f}{verdict}")
        if phase == "sample_step":
            steps = ours[0]["sample_steps"]
            lines.append(f"   {steps}-step DDPM run with CFG for {ours[0]['batch']} images (projected from the median "
                         f"step): ours {steps * mo:.0f} s, torch {steps * mt:.0f} s")
    return "\n".join(lines)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    runs = load(folder)
    env = None
    for tag, sides in runs.items():
        if sides["ours"] and sides["torch"]:
            print(report(tag, sides["ours"], sides["torch"]))
            env = env or sides["ours"][0]["environment"]
    if env:
        print(f"ours: {env.get('backend')}, natives {env.get('natives')}, {env.get('threads')} threads, OMP_WAIT_POLICY={env.get('omp_wait_policy')}; "
              f"speed ratio = PyTorch median time / ours (>1: ours faster); spread = range over rounds")


if __name__ == "__main__":
    main()
