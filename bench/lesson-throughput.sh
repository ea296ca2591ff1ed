#!/usr/bin/env bash
# Lesson page throughput: wrk (Debian package `wrk`), 2 threads, 8 connections, 20 s on /lessons/services.
# Goal: >= 2,000 requests/s with p99 < 50 ms.
#
#   bench/lesson-throughput.sh                 build the jar if needed, start it on a free port, measure, stop it
#   GUIDE_URL=http://localhost:8080 bench/lesson-throughput.sh   measure a guide that is already running
#
# Options (environment): PATH_UNDER_TEST (/lessons/services), DURATION (20s), WARMUP (20s), THREADS (2), CONNECTIONS (8),
# BENCH_ARGS (extra arguments for the jar, e.g. --guide.sandbox.provider=...).
# Besides wrk's figures it prints the guide's CPU time per request (when it started the guide itself): on a machine
# shared with other work, that is the figure that says what the page costs.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH_UNDER_TEST=${PATH_UNDER_TEST:-/lessons/services}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }

PID=""
cleanup() { if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [[ -n "${GUIDE_URL:-}" ]]; then
  BASE=${GUIDE_URL%/}
else
  JAR=$(ls target/kubernetes-mastery-guide-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)
  if [[ -z "$JAR" ]]; then
    echo "Building the jar (./mvnw -q package -DskipTests)..."
    ./mvnw -q package -DskipTests
    JAR=$(ls target/kubernetes-mastery-guide-*.jar | head -1)
  fi
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  BASE="http://127.0.0.1:$PORT"
  LOG=target/bench-guide.log
  echo "Starting $JAR on port $PORT (log: $LOG)"
  java -Xms512m -Xmx512m -jar "$JAR" --server.port="$PORT" \
    --spring.datasource.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" ${BENCH_ARGS:-} >"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "$BASE$PATH_UNDER_TEST"; then break; fi
    kill -0 "$PID" 2>/dev/null || { echo "The guide exited; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
    sleep 1
  done
fi

curl -fs -o /dev/null "$BASE$PATH_UNDER_TEST" || { echo "$BASE$PATH_UNDER_TEST does not answer 200" >&2; exit 1; }

echo "Warming up for $WARMUP..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE$PATH_UNDER_TEST" >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
[[ -n "$PID" ]] && CPU_BEFORE=$(cpu_ticks)
echo "Measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $BASE$PATH_UNDER_TEST"
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$PATH_UNDER_TEST")
[[ -n "$PID" ]] && CPU_AFTER=$(cpu_ticks)
echo "$OUT"

RPS=$(awk '/^Requests\/sec:/ {print $2}' <<<"$OUT")
P50=$(awk '$1 == "50%" {print $2}' <<<"$OUT")
P99=$(awk '$1 == "99%" {print $2}' <<<"$OUT")
REQS=$(awk '/requests in/ {print $1}' <<<"$OUT")
ERRORS=$(awk '/Non-2xx/ {print $NF}' <<<"$OUT")
echo
echo "== $PATH_UNDER_TEST: ${RPS} requests/s, p50 ${P50}, p99 ${P99}${ERRORS:+, NON-2XX: $ERRORS}  (goal: >= 2000 requests/s, p99 < 50ms)"
if [[ -n "$PID" && -n "$REQS" && "$REQS" -gt 0 ]]; then
  HZ=$(getconf CLK_TCK)
  awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v hz="$HZ" -v n="$REQS" -v cores="$(nproc)" 'BEGIN {
    ms = t * 1000 / hz / n;
    printf "== guide CPU time: %.3f ms per request, i.e. at most %.0f requests/s on %d dedicated cores\n", ms, cores * 1000 / ms, cores }'
fi
BASELINE=${BASELINE-/static/img/favicon.svg}  # unset: the favicon; set empty (BASELINE=): no baseline
if [[ -n "$BASELINE" ]]; then
  # The same run against a tiny static file through the same server and filters: the ceiling this machine allows
  # right now. On a busy shared machine, compare the two rather than the absolute figures.
  B=$BASELINE
  BOUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$B")
  echo "== baseline $B: $(awk '/^Requests\/sec:/ {print $2}' <<<"$BOUT") requests/s, p50 $(awk '$1 == "50%" {print $2}' <<<"$BOUT"), p99 $(awk '$1 == "99%" {print $2}' <<<"$BOUT")  (BASELINE= to skip)"
fi
echo "== load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
