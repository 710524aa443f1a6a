#!/usr/bin/env bash
# CI benchmark: a short, fixed set of `dit bench --json` runs, merged into ONE JSON file a CI job can
# keep and compare across commits: per run the native build that was loaded (dit's NativeSelection:
# by CPU, or DIT_NATIVES), the sgemm ceiling, and per phase its median time, GFLOP/s and the fraction
# of the ceiling it reached.
#
#   bench/ci.sh [OUT.json]        default: bench/results/ci-<timestamp>.json
#
# Environment: THREADS=2 REPS=3 WARMUP=1, OMP_WAIT_POLICY=PASSIVE (as bench/compare.sh), DIT_NATIVES.
# Runs: fmnist-quick at its own batch (forward, sample, train); DiT-S/2 batch 8 (forward, sample, train);
# the full-width SD-VAE decoder and encoder at 256 px, batch 1 (the convolution path).
# On an idle 2-core machine the whole set takes about 5-8 minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/results/ci-$(date +%Y%m%d-%H%M%S).json}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
threads="${THREADS:-2}" reps="${REPS:-3}" warmup="${WARMUP:-1}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
runs=("fmnist-quick|--model fmnist-quick|forward,sample,train"
      "DiT-S/2 b8|--model DiT-S/2 --batch 8|forward,sample,train"
      "SD-VAE b1 256px|--model sd-vae --batch 1|decode,encode")
i=0
for r in "${runs[@]}"; do
  IFS='|' read -r label args phases <<<"$r"
  echo "ci.sh: $label (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  "$root/dit" bench $args --threads "$threads" --reps "$reps" --warmup "$warmup" --phases "$phases" --json \
      > "$tmp/$i.json"
  echo "$label" > "$tmp/$i.label"; i=$((i + 1))
done
mkdir -p "$(dirname "$out")"
python3 - "$tmp" "$i" "$out" <<'PY'
import json, os, sys, subprocess, datetime
tmp, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def commit():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return None
runs = []
for i in range(n):
    r = json.load(open(os.path.join(tmp, "%d.json" % i)))
    label = open(os.path.join(tmp, "%d.label" % i)).read().strip()
    ceiling = next(p for p in r["results"] if p["name"] == "sgemm")
    env = r["environment"]
    runs.append({
        "run": label, "model": r["model"], "batch": r["batch"],
        "natives": env.get("natives"), "onednn_helpers": env.get("onednn_helpers"),
        "threads": env.get("threads"), "load_before": env.get("load_before"), "load_after": env.get("load_after"),
        "sgemm_gflops": ceiling["gflops"],
        "phases": [{"name": p["name"], "median_s": p["median_s"], "min_s": p["min_s"], "max_s": p["max_s"],
                    "gflops": p["gflops"], "fraction_of_ceiling": p["fraction_of_ceiling"],
                    "images_per_s": p["images_per_s"], "peak_rss_bytes": p["peak_rss_bytes"]}
                   for p in r["results"] if p["name"] != "sgemm"],
    })
doc = {"schema": "dit-bench-ci/1", "time_utc": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
       "commit": commit(), "cpu": json.load(open(os.path.join(tmp, "0.json")))["environment"].get("cpu"),
       "runs": runs}
tmp_out = out + ".tmp"
with open(tmp_out, "w") as f:
    json.dump(doc, f, indent=1)
os.replace(tmp_out, out)
for run in runs:
    print("%-14s natives %-14s sgemm %6.1f GFLOP/s" % (run["run"], run["natives"], run["sgemm_gflops"]))
    for p in run["phases"]:
        print("   %-12s %8.3f s %7.1f GFLOP/s %5.1f%% of ceiling" % (p["name"], p["median_s"], p["gflops"],
                                                                    100 * p["fraction_of_ceiling"]))
print("wrote", out)
PY
