#!/usr/bin/env bash
# The kubectl terminal's speed through its WebSocket on the embedded control plane, not part of ./mvnw verify:
# warm round trip of 'kubectl get svc' (Enter to last byte), then many learners each running a command a second.
# Figures: stdout and target/bench/terminal.txt. Needs the embedded binaries with kubectl (embedded-cluster/build.sh).
# Size: BENCH_COMMANDS (50), BENCH_LEARNERS (50), BENCH_SECONDS (30).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q verify -Dbench=true -Dit.test=TerminalBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.commands="${BENCH_COMMANDS:-50}" -Dbench.learners="${BENCH_LEARNERS:-50}" \
  -Dbench.seconds="${BENCH_SECONDS:-30}" "$@"
cat target/bench/terminal.txt
