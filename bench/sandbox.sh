#!/usr/bin/env bash
# Sandbox preparation benchmark on the embedded control plane (not part of ./mvnw verify):
# namespace + fence p50/p95, with a 3-Pod setup, and 50 learners' sandboxes held at once with control-plane RSS.
# Figures: stdout and target/bench/sandbox.txt. Needs the embedded binaries (embedded-cluster/build.sh).
# Sizes: BENCH_SEQUENTIAL (30), BENCH_WITH_SETUP (10), BENCH_CONCURRENT (50).
# Figures of 2026-11-25 (2 cores shared with other builds, embedded v1.36.3, 2 KWOK nodes):
#   namespace + fence, sequential n=30: p50 140 ms, p95 448 ms
#   with a 3-Pod Deployment setup until available, n=10: p50 419 ms, p95 972 ms
#   50 learners at once, fence only: p50 2.2 s, p95 2.5 s; with the 3-Pod setup: p50 16.4 s, p95 20.6 s
#   held at once: 50 learners' sandboxes (150 Pods), all answering their tokens; control plane RSS 993 MiB
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q verify -Dbench=true -Dit.test=SandboxBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sequential="${BENCH_SEQUENTIAL:-30}" -Dbench.withSetup="${BENCH_WITH_SETUP:-10}" \
  -Dbench.concurrent="${BENCH_CONCURRENT:-50}" "$@"
cat target/bench/sandbox.txt
