#!/usr/bin/env bash
# The npm dependencies (npm ci when node_modules is missing or older than package-lock.json).
# Needs Node.js >= 20 and nothing else: no root, no apt (the build and `make pack` use only this).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "npm-deps: $*" >&2; exit 1; }
command -v node >/dev/null || die "Node.js 20 or newer is required (node not found)"
major=$(node -p 'process.versions.node.split(".")[0]')
(( major >= 20 )) || die "Node.js 20 or newer is required (found $(node --version))"

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  echo "npm-deps: node_modules up to date"
fi
