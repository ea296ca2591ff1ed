#!/usr/bin/env bash
# Many learners across two guide replicas on one shared cluster (not part of ./mvnw verify): two guide JVMs on one
# PostgreSQL and the embedded control plane (the cluster provider through a kubeconfig). Each learner's first
# submission prepares their sandbox; then, all sandboxes held, each submits BENCH_ROUNDS more times, alternating
# replicas, after a think time around BENCH_THINK_MILLIS. Figures: submission-to-report p50/p95, sandboxes held,
# RSS of the control plane and of each replica; stdout and target/bench/replicas.txt.
# Needs PostgreSQL: GUIDE_TEST_PG_URL/_USER/_PASSWORD, or this script starts a throwaway one (.ci/postgres.sh).
# Sizes: BENCH_LEARNERS (200), BENCH_ROUNDS (3), BENCH_THINK_MILLIS (10000), BENCH_START_CONCURRENCY (20).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${GUIDE_TEST_PG_URL:-}" ]; then
  PG_DIR=${PG_DIR:-/tmp/kubeguide-bench-pg} PG_PORT=${PG_PORT:-55433}
  source .ci/postgres.sh
  trap stop_postgres EXIT
  start_postgres
fi
./mvnw -q verify -Dbench=true -Dit.test=ReplicasBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dbench.learners="${BENCH_LEARNERS:-200}" \
  -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.thinkMillis="${BENCH_THINK_MILLIS:-10000}" \
  -Dbench.startConcurrency="${BENCH_START_CONCURRENCY:-20}" "$@"
cat target/bench/replicas.txt
