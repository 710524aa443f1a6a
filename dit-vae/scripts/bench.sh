#!/usr/bin/env bash
# Import and decode times of a full-width SD-VAE decoder (random weights); see VaeBenchmark.
# Usage (from the repository root): dit-vae/scripts/bench.sh [work dir] [decode runs] [latent size]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -f dit-vae/pom.xml test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/dit-vae/target/bench-classpath.txt" >/dev/null
cp="dit-vae/target/test-classes:dit-vae/target/classes:$(cat dit-vae/target/bench-classpath.txt)"
exec java -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=16G -Dorg.bytedeco.javacpp.maxphysicalbytes=20G \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.ditjava.vae.bench.VaeBenchmark "${1:-dit-vae/target/vae-bench}" "${@:2}"
