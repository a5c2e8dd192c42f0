import { InputError } from '@backstage/errors';
import { mcpServerEntityRef } from '@mcp-platform/plugin-mcp-catalog-common';
import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { DirectoryStore } from '../database/InsightsStore';

const REFRESH_MS = 30_000;

/** A pushed event's server as the catalog copy knows it. */
export interface ResolvedServer {
  serverRef: string;
  /** The owner, or `unallocated` for a server the catalog does not know. */
  teamRef: string;
  known: boolean;
  /** When insights first saw the server (known servers only). */
  firstSeenAt?: number;
  /** Since when the server is known to run (see ServerRecord.aliveSince). */
  aliveSince?: number;
}

/** Thrown for a server reference that cannot name an MCP server: a 400 from the router. */
export class ServerRefError extends InputError {}

/**
 * Resolves server references of pushed events to entity refs and owning teams, from the stored
 * copy of the catalog, refreshed at most every 30 s. Unknown servers are kept, as `unallocated`.
 */
export class ServerDirectory {
  private servers = new Map<
    string,
    { teamRef: string; firstSeenAt: number; aliveSince?: number }
  >();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly store: DirectoryStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** `payments-ledger` or `api:default/payments-ledger` → the entity ref, lower-cased. */
  static normalize(server: string): string {
    const value = server.trim().toLocaleLowerCase('en-US');
    const m = /^(?:([a-z0-9-]+):)?(?:([^/:]+)\/)?([^/:]+)$/.exec(value);
    if (!m || (m[1] && m[1] !== 'api')) {
      throw new ServerRefError(
        `server "${server}" must be an API entity ref such as "api:default/payments-ledger" or a name`,
      );
    }
    return mcpServerEntityRef(m[2] ?? 'default', m[3]);
  }

  /** Records a server's moved-back `firstSeenAt` (see InsightsStore.backdateServers). */
  noteFirstSeen(serverRef: string, firstSeenAt: number): void {
    const server = this.servers.get(serverRef);
    if (server && firstSeenAt < server.firstSeenAt)
      server.firstSeenAt = firstSeenAt;
  }

  /** Records a server's new or moved-back `aliveSince` (see InsightsStore.markServersAlive). */
  noteAlive(serverRef: string, aliveSince: number): void {
    const server = this.servers.get(serverRef);
    if (server && !(aliveSince >= (server.aliveSince ?? Infinity)))
      server.aliveSince = aliveSince;
  }

  async resolve(server: string): Promise<ResolvedServer> {
    const serverRef = ServerDirectory.normalize(server);
    return (await this.resolveRefs([serverRef])).get(serverRef)!;
  }

  /** Owners of several (normalized) server refs, reading the store at most once. */
  async resolveRefs(
    serverRefs: Iterable<string>,
  ): Promise<Map<string, ResolvedServer>> {
    const refs = [...new Set(serverRefs)];
    await this.refresh(false);
    // A server registered since the last read is found by reading again, once a second at most.
    if (
      refs.some(r => !this.servers.has(r)) &&
      this.now() - this.loadedAt > 1000
    ) {
      await this.refresh(true);
    }
    return new Map(
      refs.map(serverRef => {
        const server = this.servers.get(serverRef);
        return [
          serverRef,
          {
            serverRef,
            teamRef: server?.teamRef ?? UNALLOCATED_TEAM,
            known: server !== undefined,
            firstSeenAt: server?.firstSeenAt,
            aliveSince: server?.aliveSince,
          },
        ];
      }),
    );
  }

  private async refresh(force: boolean) {
    if (!force && this.now() - this.loadedAt < REFRESH_MS) return;
    if (!this.loading) {
      this.loading = this.store
        .listServers({ includeRemoved: true })
        .then(servers => {
          this.servers = new Map(
            servers.map(s => [
              s.serverRef,
              {
                teamRef: s.teamRef,
                firstSeenAt: s.firstSeenAt,
                aliveSince: s.aliveSince,
              },
            ]),
          );
          this.loadedAt = this.now();
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    await this.loading;
  }
}
