#!/usr/bin/env bash
# The first minutes of a new learner, not part of ./mvnw verify: starts the packaged guide (java -jar) with a fresh
# work directory and database, opens a lesson, waits BENCH_READ_SECONDS (a learner reading), then submits the first
# exercise's solution through the JSON API until the report comes (429 and 503 while the sandbox is prepared).
# Prints seconds from the guide's start to: lessons served, first submission, first report; and the submission's wait.
# Needs the jar (./mvnw -q package -DskipTests) and the embedded binaries (embedded-cluster/build.sh; warm cache).
# BENCH_COLD=1 is a fresh machine instead: every run gets an empty binary cache and an empty Go build cache (the Go
# module cache stays: downloading modules measures the network), so the guide builds the control plane itself.
# Usage: bench/first-exercise.sh [jar] ; BENCH_READ_SECONDS (0), BENCH_RUNS (3), BENCH_PORT (18090), BENCH_COLD (0).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-$(ls target/kubernetes-mastery-guide-*.jar | head -1)}
read_seconds=${BENCH_READ_SECONDS:-0}
runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-18090}
exercise=services-clusterip
solution='apiVersion: v1
kind: Service
metadata:
  name: frontend-service
spec:
  type: ClusterIP
  selector: {app: web, tier: frontend}
  ports:
    - {name: http, port: 80, targetPort: http}'

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

for run in $(seq 1 "$runs"); do
  work=$(mktemp -d)
  if [ "${BENCH_COLD:-0}" = 1 ]; then
    export GUIDE_EMBEDDED_CACHE="$work/cache" GOCACHE="$work/gocache"
  fi
  start=$(now)
  java -jar "$jar" --server.port="$port" --spring.datasource.url="jdbc:h2:file:$work/db" \
    --guide.embedded.work-dir="$work/embedded" >"$work/guide.log" 2>&1 &
  guide=$!
  until curl -fso /dev/null "http://127.0.0.1:$port/lessons/services"; do
    kill -0 "$guide" 2>/dev/null || { cat "$work/guide.log"; exit 1; }
    sleep 0.2
  done
  lessons=$(since "$start")
  sleep "$read_seconds"
  submitted=$(since "$start")
  submit_at=$(now)
  while true; do
    code=$(curl -s -o "$work/answer" -w '%{http_code}' -b "$work/jar" -c "$work/jar" \
      -H 'Content-Type: application/yaml' --data-binary "$solution" \
      "http://127.0.0.1:$port/api/exercises/$exercise/submissions")
    [ "$code" = 200 ] && break
    if [ "$code" != 429 ] && [ "$code" != 503 ]; then echo "HTTP $code: $(cat "$work/answer")"; break; fi
    grep -q '"FAILED"' "$work/answer" && echo "failed start: $(cat "$work/answer")"
    sleep 1
  done
  report=$(since "$start")
  waited=$(since "$submit_at")
  grep -q '"passed":true' "$work/answer" || echo "not passed: $(cat "$work/answer")"
  echo "run $run: lessons ${lessons}s, submitted ${submitted}s, report ${report}s (the submission waited ${waited}s)"
  kill "$guide"
  wait "$guide" || true
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
done
