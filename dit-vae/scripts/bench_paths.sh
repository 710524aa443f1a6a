#!/usr/bin/env bash
# Full-width SD VAE (random weights): ONNX import vs cached ONNX vs native diffusers build, and one
# 256-px decode each; one JVM per row (peak RSS per path), rounds back to back. See VaePathsBenchmark.
# Usage (from the repository root): dit-vae/scripts/bench_paths.sh [work dir] [rounds] [decode runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dir="${1:-dit-vae/target/vae-paths}"
mvn -B -q -pl dit-vae -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/dit-vae/target/bench-classpath.txt" >/dev/null
# a snapshot of the compiled classes, so that builds during the run do not change what runs
snap="$dir/classes"
rm -rf "$snap" && mkdir -p "$snap" && cp -r dit-vae/target/test-classes "$snap/test" && cp -r dit-vae/target/classes "$snap/main"
deps="$(tr ':' '\n' < dit-vae/target/bench-classpath.txt | grep -v '/target/classes$' | paste -sd:)"
cp="$snap/test:$snap/main:$snap/io:$deps"
cp -r dit-io/target/classes "$snap/io"
run() {
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=10G \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.ditjava.vae.bench.VaePathsBenchmark "$@" 2>/dev/null
}
[ -f "$dir/diffusers/config.json" ] || run prepare "$dir"
echo "| path (graph origin) | load s | first decode s | median decode s | peak RSS MiB | image |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq "${2:-2}"); do
  echo "# round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for mode in onnx onnx-cached diffusers; do
    run "$mode" "$dir" "${3:-2}"
  done
done
