#!/usr/bin/env bash
# Builds the embedded control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok) and the
# kubectl of the same version (for the guide's terminal) from the
# upstream Go modules into the guide's binary cache:
#   ${GUIDE_EMBEDDED_CACHE:-$HOME/.cache/kubeguide/embedded}/v<kubernetes version>/bin/
# One binary, hard-linked under each component's name so processes carry the upstream names.
# The Kubernetes version is read from go.mod (k8s.io/kubernetes); a unit test ties it to the pom's kubernetes.version.
# Idempotent: does nothing when the binary was built from the same go.mod, go.sum, Go sources and script.
# The Go module cache and build cache stay where Go keeps them (GOMODCACHE, GOCACHE), outside the repo.
# Progress, for the guide (which runs this script when the binary is missing and shows learners how far it is): lines
#   @progress modules <done>/<total>    Go modules of go.mod in the module cache, every 2 s while they download
#   @progress compile <done>/<total>    packages compiled (go build -v), of all the binary imports
#   @progress link                      the main package and the link
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v[0-9]/ { print substr($2, 2); exit }' "$here/go.mod")
[ -n "$version" ] || { echo "build.sh: no k8s.io/kubernetes version in $here/go.mod" >&2; exit 1; }
cache=${GUIDE_EMBEDDED_CACHE:-$HOME/.cache/kubeguide/embedded}
bin="$cache/v$version/bin"
out="$bin/embedded-cluster"
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kubectl)

# What the binary is built from: when this digest matches the one recorded at the last build (and every link is in
# place), the build is skipped. A digest rather than file times, so that fresh clones and other worktrees of the same
# sources reuse the binary.
source_digest() {
  (cd "$here" && cat go.mod go.sum ./*.go build.sh | sha256sum | cut -d' ' -f1)
}

up_to_date() {
  [ -x "$out" ] && [ -f "$out.source" ] || return 1
  [ "$(cat "$out.source")" = "$(source_digest)" ] || return 1
  local c
  for c in "${components[@]}"; do
    [ "$bin/$c" -ef "$out" ] || return 1
  done
}

link_components() {
  local c
  for c in "${components[@]}"; do
    ln -f "$out" "$bin/$c.tmp" && mv -f "$bin/$c.tmp" "$bin/$c"
  done
}

mkdir -p "$bin"
# Two builds at once (two test JVMs, CI and a developer) would race on the output: serialise them.
exec 9>"$bin/.build.lock"
if command -v flock >/dev/null; then flock 9; fi

if up_to_date; then
  echo "embedded-cluster: v$version up to date in $bin"
  exit 0
fi
command -v go >/dev/null || { echo "build.sh: the Go toolchain (go) is not on PATH" >&2; exit 1; }

echo "embedded-cluster: building v$version into $bin (first build takes several minutes)"
start=$(date +%s)
cd "$here"

# The modules `go mod download` fetches (go.mod's require lines, replaced where go.mod says so), as the directories
# they unpack to in the module cache (upper-case letters escaped as Go escapes them).
module_dirs() {
  local cache
  cache=$(go env GOMODCACHE)
  awk '
    /^require \(/ { inreq = 1; next }
    /^replace \(/ { inrep = 1; next }
    /^\)/ { inreq = 0; inrep = 0; next }
    inreq && $1 !~ /^\/\// { req[$1] = $2; order[++n] = $1 }
    /^require [^(]/ { req[$2] = $3; order[++n] = $2 }
    inrep && $2 == "=>" && NF >= 4 { rp[$1] = $3; rv[$1] = $4 }
    /^replace [^(]/ && $3 == "=>" && NF >= 5 { rp[$2] = $4; rv[$2] = $5 }
    END { for (i = 1; i <= n; i++) { p = order[i]; print (p in rp) ? rp[p] "@" rv[p] : p "@" req[p] } }
  ' go.mod | sed -E 's/[A-Z]/!\L&/g; s|^|'"$cache"'/|'
}

mapfile -t modules < <(module_dirs)
downloaded() {
  local n=0 dir
  for dir in "${modules[@]}"; do [ -d "$dir" ] && n=$((n + 1)); done
  echo "$n/${#modules[@]}"
}
go mod download &
downloading=$!
while kill -0 "$downloading" 2>/dev/null; do
  echo "@progress modules $(downloaded)"
  sleep 2
done
wait "$downloading"
echo "@progress modules $(downloaded)"

packages=$(go list -deps . | wc -l)
main_package=$(go list .)
echo "@progress compile 0/$packages"
# Stamp the version as Kubernetes' own build does, so /version and the components report v<version>.
minor=$(echo "$version" | cut -d. -f2)
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=v$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
ldflags="$ldflags -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# -v names each package as its compilation starts: counted, not logged; anything else (errors) passes through.
compiled=0
go build -v -trimpath -ldflags "$ldflags" -o "$out.tmp" . 2>&1 | while IFS= read -r line; do
  if [ "$line" = "$main_package" ]; then
    echo "@progress link"
  elif [[ $line =~ ^[A-Za-z0-9._~/-]+$ ]]; then
    compiled=$((compiled + 1))
    echo "@progress compile $compiled/$packages"
  else
    printf '%s\n' "$line"
  fi
done
mv -f "$out.tmp" "$out"
link_components
source_digest > "$out.source"
echo "embedded-cluster: built v$version in $(( $(date +%s) - start )) s: $bin"
