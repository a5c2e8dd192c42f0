import {
  ANNOTATION_GATEWAY_ALIAS,
  gatewayToolName,
  gatewayToolNameProblem,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { GatewayProfile } from '../config/readGatewayConfig';

/** Which endpoint a caller talks to. */
export type GatewayScope =
  | { kind: 'aggregate' }
  | { kind: 'server'; ref: string }
  | { kind: 'profile'; name: string };

/** A tool a scope offers, under the name the endpoint exposes. */
export interface ScopedTool {
  /** The exposed name: `<alias>__<tool>` in the aggregate and in profiles, the plain name for one server. */
  exposedName: string;
  server: GatewayServer;
  tool: string;
  /** Why the tool cannot be exposed under this name (collision, length, characters). */
  nameProblem?: string;
}

/** Converts a glob (`*`, `?`) into an anchored regular expression, literally otherwise. */
const GLOB_PARTS: Record<string, string> = { '*': '.*', '?': '.' };

function globMatcher(glob: string): (name: string) => boolean {
  const source = glob
    .split('')
    .map(c => GLOB_PARTS[c] ?? c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return name => pattern.test(name);
}

/**
 * Servers and tool filters of a scope. Profiles come from config (servers by ref or alias with
 * tool globs) and from servers' `mcp-platform.io/gateway-profiles` annotation (all their tools).
 */
export function serversInScope(
  scope: GatewayScope,
  servers: Map<string, GatewayServer>,
  profiles: GatewayProfile[],
): { server: GatewayServer; accepts: (tool: string) => boolean }[] | undefined {
  if (scope.kind === 'aggregate')
    return [...servers.values()].map(server => ({
      server,
      accepts: () => true,
    }));
  if (scope.kind === 'server') {
    const server = servers.get(scope.ref);
    return server ? [{ server, accepts: () => true }] : undefined;
  }
  const profile = profiles.find(p => p.name === scope.name);
  const result = new Map<
    string,
    { server: GatewayServer; accepts: (tool: string) => boolean }
  >();
  for (const server of servers.values()) {
    if (server.profiles.includes(scope.name))
      result.set(server.ref, { server, accepts: () => true });
  }
  for (const entry of profile?.include ?? []) {
    const server = [...servers.values()].find(
      s =>
        s.ref === entry.server ||
        s.alias.toLocaleLowerCase('en-US') === entry.server,
    );
    if (!server || result.has(server.ref)) continue;
    const matchers = entry.tools.map(globMatcher);
    result.set(server.ref, {
      server,
      accepts: tool => matchers.some(m => m(tool)),
    });
  }
  if (!profile && !result.size) return undefined;
  return [...result.values()];
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Names the tools of a scope. One server's endpoint uses the tools' own names; the others
 * prefix them with the server's alias. A name that breaks the rules LLM providers set, or that
 * two servers would share, is never renamed: the tool is withheld with a reason that names
 * both servers. (A shared alias is already each server's `aliasProblem`, set by the catalog
 * view for every tool of both, so a tool only one of them has is withheld from lists and calls
 * alike; the check by name here is the backstop.)
 */
export function nameTools(
  scope: GatewayScope,
  tools: { server: GatewayServer; tool: string }[],
): ScopedTool[] {
  const named: ScopedTool[] = tools.map(({ server, tool }) => {
    const exposedName =
      scope.kind === 'server' ? tool : gatewayToolName(server.alias, tool);
    const nameProblem =
      scope.kind === 'server'
        ? gatewayToolNameProblem(tool)
        : server.aliasProblem ?? gatewayToolNameProblem(exposedName);
    return { exposedName, server, tool, nameProblem };
  });
  if (scope.kind !== 'server') {
    const byName = new Map<string, ScopedTool[]>();
    for (const t of named) {
      const list = byName.get(t.exposedName) ?? [];
      list.push(t);
      byName.set(t.exposedName, list);
    }
    for (const [name, list] of byName) {
      const refs = [...new Set(list.map(t => t.server.ref))];
      if (refs.length < 2) continue;
      for (const t of list)
        t.nameProblem ??= `gateway name "${name}" is claimed by ${refs.join(
          ' and ',
        )}; give one of them another ${ANNOTATION_GATEWAY_ALIAS}`;
    }
  }
  // Code-unit order, the same on every replica whatever its locale.
  return named.sort((a, b) => compare(a.exposedName, b.exposedName));
}
