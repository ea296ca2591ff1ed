#!/usr/bin/env bash
# Figures of the embedded control plane, repeatable (not a timed test):
#   embedded-cluster/measure.sh [--cold] [starts]
#   --cold   also time a build from an empty Go build cache into a throw-away output dir (the Go module cache is
#            reused; a first run on a fresh machine additionally downloads the modules)
#   starts   warm start-to-ready measurements (default 5); memory (RSS and PSS summed over all components) per start
# Results: stdout and target/embedded-measure.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cold=false
starts=5
for arg in "$@"; do
  case "$arg" in
    --cold) cold=true ;;
    [0-9]*) starts=$arg ;;
    *) echo "usage: $0 [--cold] [starts]" >&2; exit 2 ;;
  esac
done

if $cold; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "== cold build (empty GOCACHE) =="
  start=$(date +%s)
  GOCACHE="$tmp/gocache" GUIDE_EMBEDDED_CACHE="$tmp/out" bash "$here/build.sh"
  echo "cold build: $(( $(date +%s) - start )) s"
fi

echo "== warm build (skipped when up to date) =="
bash "$here/build.sh"

echo "== $starts warm starts =="
cd "$root"
./mvnw -q verify -Dit.test=EmbeddedClusterMeasureIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dembedded.measure.starts="$starts"
cat target/embedded-measure.txt
