#!/usr/bin/env bash
# Sandbox preparation benchmark on the embedded control plane (not part of ./mvnw verify):
# namespace + fence p50/p95, with a 3-Pod setup, and 50 learners' sandboxes held at once with control-plane RSS.
# Figures: stdout and target/bench/sandbox.txt. Needs the embedded binaries (embedded-cluster/build.sh).
# Sizes: BENCH_SEQUENTIAL (30), BENCH_WITH_SETUP (10), BENCH_CONCURRENT (50).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q verify -Dbench=true -Dit.test=SandboxBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sequential="${BENCH_SEQUENTIAL:-30}" -Dbench.withSetup="${BENCH_WITH_SETUP:-10}" \
  -Dbench.concurrent="${BENCH_CONCURRENT:-50}" "$@"
cat target/bench/sandbox.txt
