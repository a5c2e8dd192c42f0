#!/usr/bin/env bash
# Starts the product for development: the example MCP servers (ports 7101-7104; the catalogued
# legacy-crm on 7105 is down on purpose), the Backstage backend (:7007, embedded in-memory SQLite)
# and the app (:3000), with app-config.yaml + app-config.development.yaml (guest sign-in, loopback
# discovery, the example servers and cost model) and, if present, your app-config.local.yaml.
# Once the backend is up, the usage generator pushes 30 days of usage history to insights and
# calls the servers through the MCP gateway as the demo's consumer services (static development
# tokens), so cost and SLO pages show gateway-metered calls by consuming team; it also releases a
# changed analytics-warehouse tool for approval. Ctrl-C stops everything.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mcp_ensure_install
cd "$MCP_ROOT"

(cd examples/mcp-servers && exec node --require @backstage/cli/config/nodeTransform.cjs src/usageMain.ts) &
examples_pid=$!
trap 'kill $examples_pid 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# The development settings: Backstage's config loader adds app-config.development.yaml.
export BACKSTAGE_ENV=development

echo "Starting Backstage: app http://localhost:3000, backend http://localhost:7007 (first start compiles the app: about 1-2 minutes)"
yarn start "$@"
