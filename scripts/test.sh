#!/usr/bin/env bash
# Runs every test: unit and integration tests (Jest, on SQLite and PostgreSQL), then the
# end-to-end smoke test in Chromium against the started product. Ends with "N passed, N failed".
#   MCP_SKIP_E2E=1 skips the end-to-end test; extra arguments go to Jest.
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
if (fs.existsSync(dir + "/e2e.json")) {
  const e = JSON.parse(fs.readFileSync(dir + "/e2e.json", "utf8"));
  passed += e.passed; failed += e.failed;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
rm -rf "$results"
[[ $jest_status -eq 0 && $e2e_status -eq 0 ]]
