#!/usr/bin/env bash
# Runs the Jest suite several times while a busy loop keeps every core at 100 %, the way a
# shared CI machine is loaded, to show that no test depends on the machine's speed.
#   RUNS=3          how many runs, one after the other (default 3)
#   LOAD_PROCS=N    busy loops to start (default: one per core, `nproc`)
#   LOAD_LOGS=dir   where each run's Jest output is kept (default: a new temporary directory)
# Extra arguments go to Jest, e.g. `./scripts/test-under-load.sh plugins/mcp-catalog`.
# Prints per run its "N passed, N failed, N skipped" line and duration, then a summary; exits
# non-zero when any run failed. The end-to-end test is skipped: it needs fixed ports.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MCP_ROOT"

runs=${RUNS:-3}
procs=${LOAD_PROCS:-$(nproc)}
logs=${LOAD_LOGS:-$(mktemp -d -t test-under-load.XXXXXX)}
mkdir -p "$logs"

# The load: plain shell busy loops, no `stress` binary needed. They are ended by their process
# ids however this script ends.
load_pids=()
stop_load() {
  if ((${#load_pids[@]})); then
    kill "${load_pids[@]}" 2>/dev/null || true
    wait "${load_pids[@]}" 2>/dev/null || true
    load_pids=()
  fi
}
trap stop_load EXIT
trap 'stop_load; exit 130' INT
trap 'stop_load; exit 143' TERM
for ((i = 0; i < procs; i++)); do
  sh -c 'while :; do :; done' &
  load_pids+=($!)
done
echo "test-under-load: ${procs} busy loop(s) on $(nproc) core(s) (pids ${load_pids[*]}); ${runs} run(s); logs in ${logs}"

summary=()
failed_runs=0
for ((run = 1; run <= runs; run++)); do
  log="$logs/run-${run}.log"
  echo "test-under-load: run ${run}/${runs} started $(date +%H:%M:%S)"
  started=$SECONDS
  set +e
  MCP_SKIP_E2E=1 ./scripts/test.sh "$@" >"$log" 2>&1
  status=$?
  set -e
  took=$((SECONDS - started))
  counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  [[ -n $counts ]] || counts="no result line (see ${log})"
  line="run ${run}: ${counts} in $((took / 60)) min $((took % 60)) s"
  if [[ $status -ne 0 ]]; then
    failed_runs=$((failed_runs + 1))
    line="${line}: FAILED"
  fi
  echo "test-under-load: ${line}"
  # Jest heads each failure with "● <describe> › <test>" (and console output with "● Console");
  # list the failures, once each.
  grep -E '^\s+● ' "$log" | grep -v -E '● (Console$|\s*Cannot log after)' |
    sed -E 's/^\s+/    /' | sort -u || true
  summary+=("$line")
done

stop_load
echo "test-under-load: summary (${procs} busy loop(s) on $(nproc) core(s))"
printf '  %s\n' "${summary[@]}"
echo "test-under-load: $((runs - failed_runs)) of ${runs} run(s) passed"
[[ $failed_runs -eq 0 ]]
