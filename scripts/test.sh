#!/usr/bin/env bash
# Runs every test: unit and integration tests (Jest, on SQLite and PostgreSQL), the API report
# check (each plugin's report.api.md matches its exports), then the end-to-end smoke test in
# Chromium against the started product. Ends with "N passed, N failed".
#   MCP_SKIP_E2E=1 skips the end-to-end test, MCP_SKIP_API_REPORTS=1 the API report check;
#   extra arguments go to Jest.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$MCP_ROOT/scripts/ensure-postgres.sh"
source "$MCP_ROOT/scripts/ensure-chromium.sh"
source "$MCP_ROOT/scripts/ensure-prometheus.sh"
mcp_ensure_install
cd "$MCP_ROOT"
export CI=true
mcp_ensure_postgres || echo "test: PostgreSQL tests will be skipped" >&2
mcp_ensure_prometheus || echo "test: the insights tests that need Prometheus will fail" >&2

results=$(mktemp -d)
set +e
yarn backstage-cli repo test --json --outputFile="$results/jest.json" "$@"
jest_status=$?

# One check: `yarn tsc` brings dist-types up to date, then API Extractor compares every plugin's
# exports with its committed report.api.md (--ci: a difference fails, nothing is rewritten).
api_status=0
if [[ ${MCP_SKIP_API_REPORTS:-0} != 1 ]]; then
  echo "test: checking the API reports (yarn build:api-reports:check)"
  if yarn build:api-reports:check >"$results/api-reports.log" 2>&1; then
    echo '{"passed":1,"failed":0}' >"$results/api-reports.json"
  else
    api_status=1
    # The log up to the stale report, then what changed in it (the log would print it whole).
    log=$results/api-reports.log
    sed '/^The conflicting file is/,$d' "$log" | grep -v '^Analysis will use' | tail -40 >&2
    stale=$(sed -n 's/^The conflicting file is \(.*\), with the following content:$/\1/p' "$log")
    package=$(sed -n 's/^## Processing //p' "$log" | tail -1)
    if [[ -n $stale && -n $package ]]; then
      echo "What changed in $package/report.api.md:" >&2
      diff -u "$package/report.api.md" "node_modules/.cache/api-extractor/$stale" | head -80 >&2
    fi
    echo "test: the API report check failed (above). A report out of date: run" \
      "'yarn build:api-reports' and commit the changed report.api.md files (README, Tests)" >&2
    echo '{"passed":0,"failed":1}' >"$results/api-reports.json"
  fi
fi

e2e_status=0
if [[ ${MCP_SKIP_E2E:-0} != 1 ]]; then
  if mcp_ensure_chromium; then
    node --require @backstage/cli/config/nodeTransform.cjs e2e/smoke.ts --results "$results/e2e.json"
    e2e_status=$?
  else
    echo '{"passed":0,"failed":1}' >"$results/e2e.json"
    e2e_status=1
  fi
fi
set -e

node -e '
const fs = require("fs");
const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
try {
  const j = JSON.parse(fs.readFileSync(dir + "/jest.json", "utf8"));
  passed += j.numPassedTests; failed += j.numFailedTests + j.numRuntimeErrorTestSuites;
  skipped += j.numPendingTests + j.numTodoTests;
} catch { failed += 1; console.error("test: Jest wrote no results"); }
for (const check of ["api-reports", "e2e"]) {
  if (!fs.existsSync(dir + "/" + check + ".json")) continue;
  const c = JSON.parse(fs.readFileSync(dir + "/" + check + ".json", "utf8"));
  passed += c.passed; failed += c.failed;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
rm -rf "$results"
[[ $jest_status -eq 0 && $api_status -eq 0 && $e2e_status -eq 0 ]]
