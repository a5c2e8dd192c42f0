import { GatewayUpstreamStatus } from '@mcp-platform/plugin-mcp-gateway-common';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { Upstream } from './Upstream';

/** Upstreams connected at once when warming. */
const WARM_PARALLEL = 8;

/** Every upstream the gateway talks to, created as the catalog names them. */
export class UpstreamPool {
  private readonly upstreams = new Map<string, Upstream>();

  constructor(
    private readonly deps: ConstructorParameters<typeof Upstream>[1],
  ) {}

  get(server: GatewayServer): Upstream {
    let upstream = this.upstreams.get(server.ref);
    if (!upstream) {
      upstream = new Upstream(server, this.deps);
      this.upstreams.set(server.ref, upstream);
    } else upstream.update(server);
    return upstream;
  }

  /**
   * Connects to the servers not connected yet and lists their tools, a few at a time, in the
   * background: the first caller's tools/list then finds connections open and lists fresh.
   */
  async warm(servers: GatewayServer[]): Promise<void> {
    const fresh = servers.filter(s => !this.upstreams.has(s.ref));
    let next = 0;
    await Promise.all(
      Array.from(
        { length: Math.min(WARM_PARALLEL, fresh.length) },
        async () => {
          while (next < fresh.length) await this.get(fresh[next++]).warm();
        },
      ),
    );
  }

  /** Forgets upstreams that left the catalog. */
  async retain(refs: Set<string>): Promise<void> {
    for (const [ref, upstream] of this.upstreams) {
      if (refs.has(ref)) continue;
      this.upstreams.delete(ref);
      await upstream.close();
    }
  }

  statuses(): GatewayUpstreamStatus[] {
    return [...this.upstreams.values()].map(u => u.status());
  }

  async close(): Promise<void> {
    await Promise.all([...this.upstreams.values()].map(u => u.close()));
    this.upstreams.clear();
  }
}
