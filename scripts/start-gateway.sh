#!/usr/bin/env bash
# Starts the MCP gateway as a backend of its own (packages/gateway-backend) on :7008, against the
# product started by ./scripts/start.sh: app-config.yaml + app-config.development.yaml +
# app-config.gateway.yaml, so it finds auth, the catalogs, the policy engine, permissions and
# insights in the main backend (:7007). The main backend must have handed the gateway over (its
# discovery.endpoints routes mcp-gateway to :7008, e.g. in app-config.local.yaml); this script
# checks that first, since otherwise the main backend refuses every call of this one.
# MCP_MAIN_BACKEND_URL moves the main backend (default http://localhost:7007).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mcp_ensure_install
cd "$MCP_ROOT"

main="${MCP_MAIN_BACKEND_URL:-http://localhost:7007}"
# The HTTP status of a GET, 000 when nothing answers (Node's fetch: no curl needed).
status() {
  node -e 'fetch(process.argv[1]).then(r => console.log(r.status), () => console.log("000"))' "$1"
}

if [[ $(status "$main/.backstage/health/v1/readiness") != 200 ]]; then
  echo "The main backend is not running at $main: start the product first (./scripts/start.sh)." >&2
  exit 1
fi
if [[ $(status "$main/api/mcp-gateway/health") == 200 ]]; then
  cat >&2 <<MSG
The main backend at $main still serves the MCP gateway, so it would refuse this backend's
service tokens. Hand the gateway over in app-config.local.yaml and restart ./scripts/start.sh:

discovery:
  endpoints:
    - target: http://localhost:7008/api/{{pluginId}}
      plugins: [mcp-gateway]
MSG
  exit 1
fi

echo "Starting the MCP gateway backend (app-config.gateway.yaml: http://localhost:7008/api/mcp-gateway/v1/mcp)"
exec yarn workspace gateway-backend start \
  --config ../../app-config.yaml \
  --config ../../app-config.development.yaml \
  --config ../../app-config.gateway.yaml "$@"
