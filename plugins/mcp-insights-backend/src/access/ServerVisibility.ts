import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MCP_SERVER_ENTITY_FILTER } from '@mcp-platform/plugin-mcp-catalog-common';
import { DirectoryStore } from '../database/InsightsStore';

/** Servers whose usage, costs and SLOs a caller may not see. */
export interface HiddenServers {
  /** Entity refs (lower case) of catalogued servers the caller cannot read. */
  readonly refs: ReadonlySet<string>;
  has(serverRef: string): boolean;
}

/** Nothing hidden: service principals, and users who can read every server. */
export const NOTHING_HIDDEN: HiddenServers = {
  refs: new Set(),
  has: () => false,
};

const hiding = (refs: Set<string>): HiddenServers =>
  refs.size ? { refs, has: ref => refs.has(ref) } : NOTHING_HIDDEN;

const CACHE_MS = 10_000;
const CACHE_USERS = 1000;

/**
 * Which servers a caller may not see, so insights answers as the catalog would: a user who
 * cannot read an API entity (`catalog.entity.read`) cannot see its costs, SLOs or usage either.
 *
 * One catalog query per user with the user's own credentials lists the `mcp-server` APIs they
 * can read (names only); the servers insights has from the catalog that are not among them are
 * hidden. Answers are kept for 10 s per user, so a page that loads several routes asks once.
 * Service principals see everything. Servers gone from the catalog (history) and pushed usage
 * of servers never catalogued have no entity to check and stay visible.
 */
export class ServerVisibility {
  private readonly cache = new Map<
    string,
    { until: number; hidden: Promise<HiddenServers> }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: DirectoryStore;
      now?: () => number;
    },
  ) {}

  async hiddenFrom(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<HiddenServers> {
    const { principal } = credentials;
    if (principal.type !== 'user') return NOTHING_HIDDEN;
    const now = (this.deps.now ?? Date.now)();
    const key = principal.userEntityRef;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.hidden;
    const hidden = this.load(credentials);
    this.cache.delete(key);
    // Map order is insertion order: the first key is the oldest entry.
    if (this.cache.size >= CACHE_USERS) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, { until: now + CACHE_MS, hidden });
    // A failed lookup is not remembered: the next request asks again.
    hidden.catch(() => {
      if (this.cache.get(key)?.hidden === hidden) this.cache.delete(key);
    });
    return hidden;
  }

  private async load(
    credentials: BackstageCredentials,
  ): Promise<HiddenServers> {
    const [readable, servers] = await Promise.all([
      this.readableServers(credentials),
      this.deps.store.listServers(),
    ]);
    return hiding(
      new Set(servers.map(s => s.serverRef).filter(ref => !readable.has(ref))),
    );
  }

  private async readableServers(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        {
          ...(cursor ? { cursor } : { filter: MCP_SERVER_ENTITY_FILTER }),
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
          limit: 1000,
        },
        { credentials },
      );
      for (const entity of page.items) {
        refs.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return refs;
  }
}
