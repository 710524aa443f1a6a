#!/usr/bin/env bash
# The Fashion-MNIST quickstart, end to end: the data (Debian/Ubuntu package), Java and Maven if
# missing, the build, the fmnist-quick preset's time-budgeted training on the CPU, then 100 samples
# (10 per class) as a grid PNG and an ADM-format .npz.
#   dit-train/scripts/quickstart.sh [RUN_FOLDER]      (default runs/fmnist-quick; an existing run is resumed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
run="${1:-runs/fmnist-quick}"

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
need=()
data="${DIT_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
[ -e "$data/train-images-idx3-ubyte.gz" ] || [ -e "$data/train-images-idx3-ubyte" ] || need+=(dataset-fashion-mnist)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  echo "quickstart: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

start=$(date +%s)
if [ -e "$run/config.json" ]; then
  ./dit train --resume "$run"
else
  ./dit train --preset fmnist-quick --out "$run"
fi
./dit sample --ckpt "$run/latest" --classes all --per-class 10 --cfg-scale 3 --sampler ddim --steps 50 \
    --out "$run/samples.npz" --grid "$run/grid.png"
echo "quickstart: $(( ($(date +%s) - start) / 60 )) min of training and sampling; grid: $run/grid.png"
