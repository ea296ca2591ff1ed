#!/usr/bin/env bash
# Prints the guide's Kubernetes manifests (deploy/base, or the Kustomize directory given, e.g. overlays/example)
# rendered with kubectl's built-in Kustomize. Needs only kubectl: $KUBECTL, else the one on the PATH, else the one
# the embedded control plane's build puts in ~/.cache/kubeguide (embedded-cluster/build.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-base}"
kubectl="${KUBECTL:-}"
if [[ -z "$kubectl" ]]; then
  kubectl="$(command -v kubectl || true)"
fi
if [[ -z "$kubectl" ]]; then
  kubectl="$(ls -1d "${GUIDE_EMBEDDED_CACHE:-$HOME/.cache/kubeguide/embedded}"/v*/bin/kubectl 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [[ -z "$kubectl" || ! -x "$kubectl" ]]; then
  echo "render.sh: no kubectl found (set KUBECTL, put kubectl on the PATH or run embedded-cluster/build.sh)" >&2
  exit 1
fi
exec "$kubectl" kustomize "$here/$dir"
