#!/usr/bin/env bash
# Runs `dit bench` (SameDiff) and bench/pytorch_dit.py (Debian's torch 1.13 under /usr/bin/python3) on
# the same models, alternating which goes first each round, and prints one table of ratios per model.
#
#   bench/compare.sh [MODEL ...]        default: DiT-S/2 DiT-B/4 fmnist-quick
#   MODEL sd-vae: the full-width SD-VAE decoder and encoder (bench/pytorch_vae.py; BATCH default 1,
#   so run `BATCH=8 bench/compare.sh sd-vae` for batch 8)
#
# Environment (both sides get the same):
#   THREADS=2            ND4J/OpenMP/BLAS threads and torch.set_num_threads
#   OMP_WAIT_POLICY=PASSIVE  libgomp waits by sleeping; with the default spin-wait a shared 2-core machine
#                        makes 2-thread runs of either side erratic (bench/NOTES.md)
#   ROUNDS=1 REPS=5 WARMUP=2 BATCH=  (BATCH empty: 8 for DiT presets, the preset's own for fmnist-quick)
#   PHASES=forward,sample,train
#   OUT=bench/results/<timestamp>    where the JSON of every run is kept
# Needs: apt-get install python3-torch libopenblas0-pthread (without OpenBLAS Debian's torch runs on the
# reference BLAS at ~6 GFLOP/s and the comparison is meaningless; the sgemm row shows which one ran).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models=("$@")
[[ ${#models[@]} -eq 0 ]] && models=("DiT-S/2" "DiT-B/4" "fmnist-quick")
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
threads="${THREADS:-2}" rounds="${ROUNDS:-1}" reps="${REPS:-5}" warmup="${WARMUP:-2}"
phases="${PHASES:-forward,sample,train}"
out="${OUT:-$root/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
py=/usr/bin/python3          # Debian's python with python3-torch, not a pyenv python3 on PATH

torch_args() {               # the PyTorch side of a model name
  case "$1" in
    sd-vae) echo "--batch ${BATCH:-1}" ;;
    DiT-*) echo "--model $1 --batch ${BATCH:-8}" ;;
    *)  # a dit-train preset: read its architecture from a one-iteration run of ours
      local batch_arg=()
      [[ -n "${BATCH:-}" ]] && batch_arg=(--batch "$BATCH")
      "$root/dit" bench --model "$1" "${batch_arg[@]}" --phases forward --reps 1 --warmup 0 --json |
        "$py" -c 'import json, sys; r = json.load(sys.stdin); print("--model custom --depth %(depth)d --hidden %(hidden)d --patch %(patch)d --heads %(heads)d --image %(image)d --channels %(channels)d --classes %(classes)d --batch %(batch)d" % r)' ;;
  esac
}

run_torch() {                # $1: torch_args of the model (computed once per model), $2: output JSON, $3: model
  if [[ "$3" == sd-vae ]]; then
    # shellcheck disable=SC2086
    "$py" "$root/bench/pytorch_vae.py" $1 --threads "$threads" --reps "$reps" --warmup "$warmup" --json > "$2"
    return
  fi
  # shellcheck disable=SC2086
  "$py" "$root/bench/pytorch_dit.py" $1 --threads "$threads" --reps "$reps" --warmup "$warmup" \
      --check-fixture "$root/dit-model/src/test/resources/fixtures/model/model_tiny.npz" \
      --check-diffusion "$root/dit-diffusion/src/test/resources/fixtures/diffusion" \
      --json > "$2"
}

run_ours() {
  local batch_arg=() phase_arg=(--phases "$phases")
  [[ -n "${BATCH:-}" ]] && batch_arg=(--batch "$BATCH")
  [[ "$1" == sd-vae ]] && phase_arg=(--phases "${VAE_PHASES:-decode,encode}")
  "$root/dit" bench --model "$1" "${batch_arg[@]}" --threads "$threads" --reps "$reps" --warmup "$warmup" \
      "${phase_arg[@]}" --json > "$2"
}

for m in "${models[@]}"; do
  tag="${m//\//_}"
  targs="$(torch_args "$m")"   # for a preset this runs a whole `dit bench`: once, not every round
  for ((r = 1; r <= rounds; r++)); do
    echo "compare.sh: $m round $r/$rounds (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    if (( r % 2 == 1 )); then
      run_torch "$targs" "$out/$tag.torch.$r.json" "$m"; run_ours "$m" "$out/$tag.ours.$r.json"
    else
      run_ours "$m" "$out/$tag.ours.$r.json"; run_torch "$targs" "$out/$tag.torch.$r.json" "$m"
    fi
  done
done
"$py" "$root/bench/compare_report.py" "$out" | tee "$out/report.txt"
