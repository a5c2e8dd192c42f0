import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MCP_SERVER_ENTITY_FILTER } from '@mcp-platform/plugin-mcp-catalog-common';

/** Which MCP servers one caller may see. */
export class ServerVisibility {
  /** Every server: the caller may read every catalog entity. */
  static readonly everything = new ServerVisibility(undefined);

  /** @param refs lower-cased entity refs, as the store keys servers; undefined for every server */
  constructor(private readonly refs: ReadonlySet<string> | undefined) {}

  /** Whether the caller may see this server (its entity ref, in any case). */
  includes(entityRef: string): boolean {
    return !this.refs || this.refs.has(entityRef.toLocaleLowerCase('en-US'));
  }

  /** The servers to restrict store queries to; undefined when nothing is hidden. */
  get restriction(): string[] | undefined {
    return this.refs && [...this.refs];
  }
}

/** How long one user's visible servers are reused: the pages of one screen share one answer. */
const CACHE_TTL_MS = 10_000;
/** Users remembered at once; beyond this the oldest are forgotten first. */
const CACHE_MAX_USERS = 5_000;
/** Entities per catalog request when listing a user's visible servers. */
const PAGE_SIZE = 1_000;

/**
 * Decides which MCP servers a caller may see: those whose API entity the Backstage catalog lets
 * them read (`catalog.entity.read`), so tools, findings, history and registry entries are never
 * shown to someone the catalog hides the server from.
 *
 * An unconditional decision (allow or deny, which is what service principals always get) needs
 * no catalog query. A conditional one (a policy such as "only entities you own") is resolved by
 * the catalog itself: the caller's visible `mcp-server` entities are listed with their own
 * credentials and kept for a few seconds per user.
 */
export class VisibleMcpServers {
  private readonly cache = new Map<
    string,
    { expiresAt: number; visibility: Promise<ServerVisibility> }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      /** For tests: the clock the cache reads. */
      now?: () => number;
    },
  ) {}

  /** The servers these credentials may see. */
  async of(credentials: BackstageCredentials): Promise<ServerVisibility> {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user' || !principal.userEntityRef) {
      // Service principals are decided on the spot, without asking the policy.
      return this.decide(credentials);
    }
    const now = this.deps.now?.() ?? Date.now();
    const key = principal.userEntityRef;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.visibility;

    const visibility = this.decide(credentials);
    this.cache.delete(key);
    this.cache.set(key, { expiresAt: now + CACHE_TTL_MS, visibility });
    for (const [oldKey, entry] of this.cache) {
      if (this.cache.size <= CACHE_MAX_USERS && entry.expiresAt > now) break;
      this.cache.delete(oldKey);
    }
    // A failed answer is not kept: the next request asks again.
    visibility.catch(() => {
      if (this.cache.get(key)?.visibility === visibility)
        this.cache.delete(key);
    });
    return visibility;
  }

  private async decide(
    credentials: BackstageCredentials,
  ): Promise<ServerVisibility> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return ServerVisibility.everything;
    }
    if (decision.result === AuthorizeResult.DENY) {
      return new ServerVisibility(new Set());
    }
    const refs = new Set<string>();
    const fields = ['kind', 'metadata.namespace', 'metadata.name'];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, fields, limit: PAGE_SIZE }
          : {
              filter: MCP_SERVER_ENTITY_FILTER,
              fields,
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      for (const entity of page.items) {
        refs.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
      }
      cursor = page.items.length ? page.pageInfo.nextCursor : undefined;
    } while (cursor);
    return new ServerVisibility(refs);
  }
}
