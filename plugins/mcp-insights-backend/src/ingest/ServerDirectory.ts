import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { InsightsStore } from '../database/InsightsStore';

const REFRESH_MS = 30_000;

/** Thrown for a server reference that cannot name an MCP server. */
export class ServerRefError extends Error {}

/**
 * Resolves server references of pushed events to entity refs and owning teams, from the stored
 * copy of the catalog, refreshed at most every 30 s. Unknown servers are kept, as `unallocated`.
 */
export class ServerDirectory {
  private teams = new Map<string, string>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly store: InsightsStore,
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
    return `api:${m[2] ?? 'default'}/${m[3]}`;
  }

  async resolve(
    server: string,
  ): Promise<{ serverRef: string; teamRef: string; known: boolean }> {
    const serverRef = ServerDirectory.normalize(server);
    return (await this.resolveRefs([serverRef])).get(serverRef)!;
  }

  /** Owners of several (normalized) server refs, reading the store at most once. */
  async resolveRefs(
    serverRefs: Iterable<string>,
  ): Promise<
    Map<string, { serverRef: string; teamRef: string; known: boolean }>
  > {
    const refs = [...new Set(serverRefs)];
    await this.refresh(false);
    // A server registered since the last read is found by reading again, once a second at most.
    if (
      refs.some(r => !this.teams.has(r)) &&
      this.now() - this.loadedAt > 1000
    ) {
      await this.refresh(true);
    }
    return new Map(
      refs.map(serverRef => {
        const team = this.teams.get(serverRef);
        return [
          serverRef,
          {
            serverRef,
            teamRef: team ?? UNALLOCATED_TEAM,
            known: team !== undefined,
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
          this.teams = new Map(servers.map(s => [s.serverRef, s.teamRef]));
          this.loadedAt = this.now();
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    await this.loading;
  }
}
