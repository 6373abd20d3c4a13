#!/usr/bin/env bash
# The end-to-end suite, split into shards that run side by side, each on a lab of its own: files
# inside a shard run one at a time on real hosts, so the suite's wall time is the slowest shard's,
# not the sum. Each shard's output is printed as one block when it ends; the exit code is non-zero
# when any shard failed.
#   E2E_LABS  the LAB_IDs to use, one shard each (default "0": everything on one lab)
#   extra arguments go to vitest (e.g. a file filter)
set -uo pipefail
cd "$(dirname "$0")/.."

read -r -a labs <<<"${E2E_LABS:-0}"
shards=${#labs[@]}
((shards >= 1 && shards <= 10)) || { echo "test-e2e: E2E_LABS needs 1..10 lab ids" >&2; exit 2; }
for lab in "${labs[@]}"; do
  [[ $lab =~ ^[0-9]$ ]] || { echo "test-e2e: lab id '$lab' is not 0..9" >&2; exit 2; }
done

logs=$(mktemp -d)
pids=()
stop() { ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null; wait; rm -rf "$logs"; exit 130; }
trap stop INT TERM
trap 'rm -rf "$logs"' EXIT
start=$(date +%s)
for ((i = 1; i <= shards; i++)); do
  lab=${labs[$((i - 1))]}
  args=(run --config vitest.e2e.config.ts)
  # A shard can be left without a file when a filter names few of them.
  ((shards > 1)) && args+=("--shard=$i/$shards" --passWithNoTests)
  LAB_ID=$lab npx vitest "${args[@]}" "$@" >"$logs/$i.log" 2>&1 &
  pids+=($!)
  echo "test-e2e: shard $i/$shards on lab $lab (pid $!)"
done

failed=0
for ((i = 1; i <= shards; i++)); do
  if wait "${pids[$((i - 1))]}"; then rc=0; else rc=$?; fi
  echo "===== e2e shard $i/$shards (lab ${labs[$((i - 1))]}): exit $rc ====="
  cat "$logs/$i.log"
  ((rc == 0)) || failed=$((failed + 1))
done
# The failed tests again, last, so that a tail of the output (all a CI summary may keep) names them.
for ((i = 1; i <= shards; i++)); do
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$i.log" | grep -E '^ *(×|FAIL) ' | sort -u | head -n 20 |
    sed "s/^ */test-e2e: shard $i failed: /"
done
echo "test-e2e: $shards shard(s), $failed failed, $(($(date +%s) - start)) s"
((failed == 0))
