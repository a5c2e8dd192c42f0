import type { Tool } from '@modelcontextprotocol/client';
import { GatewayCatalog, GatewayServer } from '../catalog/GatewayCatalog';
import { GatewayProfile } from '../config/readGatewayConfig';
import { GatewayRefusal } from './GatewayRefusal';
import {
  GatewayScope,
  nameTools,
  ScopedTool,
  serversInScope,
} from './GatewayScope';

function scopeKey(scope: GatewayScope): string {
  if (scope.kind === 'server') return `server:${scope.ref}`;
  if (scope.kind === 'profile') return `profile:${scope.name}`;
  return 'aggregate';
}

/**
 * Exposed names and the tools behind them: a scope's servers, an exposed name's server and tool
 * (from the catalog's names, cached until the catalog changes), and a live definition under its
 * exposed name.
 */
export class ToolResolver {
  private readonly renamedDefinitions = new WeakMap<Tool, Map<string, Tool>>();
  private readonly resolved = new WeakMap<
    Map<string, GatewayServer>,
    Map<string, ScopedTool>
  >();

  constructor(
    private readonly deps: {
      catalog: GatewayCatalog;
      profiles: GatewayProfile[];
    },
  ) {}

  /** The scope's servers, or a refusal that the endpoint does not exist. */
  async scoped(scope: GatewayScope) {
    const servers = await this.deps.catalog.current();
    const inScope = serversInScope(scope, servers, this.deps.profiles);
    if (!inScope)
      throw new GatewayRefusal(
        'not-visible',
        scope.kind === 'server'
          ? `No MCP server ${scope.ref} in the catalog`
          : `No gateway profile "${
              scope.kind === 'profile' ? scope.name : ''
            }"`,
        { unknownTool: true },
      );
    return inScope;
  }

  /** Resolves an exposed name in a scope to its server and tool, from the catalog's names. */
  async resolve(scope: GatewayScope, exposedName: string): Promise<ScopedTool> {
    // Resolutions hold until the catalog changes (a new servers map): calls repeat names.
    const servers = await this.deps.catalog.current();
    let cache = this.resolved.get(servers);
    if (!cache) {
      cache = new Map();
      this.resolved.set(servers, cache);
    }
    const key = `${scopeKey(scope)}\u0000${exposedName}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const named = await this.resolveUncached(scope, exposedName);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, named);
    return named;
  }

  private async resolveUncached(
    scope: GatewayScope,
    exposedName: string,
  ): Promise<ScopedTool> {
    const inScope = await this.scoped(scope);
    const candidates: { server: GatewayServer; tool: string }[] = [];
    for (const { server, accepts } of inScope) {
      // The name split needs no upstream: catalog names, then the live list confirms.
      const prefix = `${server.alias}__`;
      let tool: string | undefined = exposedName;
      if (scope.kind !== 'server')
        tool = exposedName.startsWith(prefix)
          ? exposedName.slice(prefix.length)
          : undefined;
      if (tool !== undefined && accepts(tool))
        candidates.push({ server, tool });
    }
    const named = nameTools(scope, candidates).filter(
      n => n.exposedName === exposedName,
    );
    if (!named.length)
      throw new GatewayRefusal('not-visible', `Unknown tool: ${exposedName}`, {
        unknownTool: true,
      });
    return named[0];
  }

  /**
   * A live definition under its exposed name: the same renamed object while the live list holds,
   * so checks keyed by it stay cached.
   */
  renamed(definition: Tool, exposedName: string): Tool {
    let names = this.renamedDefinitions.get(definition);
    if (!names) {
      names = new Map();
      this.renamedDefinitions.set(definition, names);
    }
    let named = names.get(exposedName);
    if (!named) {
      named = { ...definition, name: exposedName };
      names.set(exposedName, named);
    }
    return named;
  }
}
