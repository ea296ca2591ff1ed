#!/usr/bin/env bash
# Submission-to-report latency on a warm embedded sandbox (services-clusterip), not part of ./mvnw verify:
# the solution resubmitted, then wrong-targetPort / solution alternating (the endpoint check really waits).
# Figures: stdout and target/bench/engine.txt. Needs the embedded binaries (embedded-cluster/build.sh).
# Size: BENCH_SUBMISSIONS (60 per series).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q verify -Dbench=true -Dit.test=EngineBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.submissions="${BENCH_SUBMISSIONS:-60}" "$@"
cat target/bench/engine.txt
