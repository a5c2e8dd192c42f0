import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MCP_SERVER_ENTITY_FILTER } from '@mcp-platform/plugin-mcp-catalog-common';
import { GatewayCaller } from '../gateway/GatewayCaller';
import { asPeerRefusal } from './refusedTokenHint';

const VISIBILITY_TTL_MS = 10_000;
/** An empty answer (a catalog still loading, a user who sees nothing) is asked again sooner. */
const EMPTY_VISIBILITY_TTL_MS = 1_000;

/**
 * Turns Backstage credentials into a gateway caller: the user and their groups (from the token,
 * no catalog lookup), the consuming team, and the MCP servers the user may see in the catalog
 * (cached briefly). Service principals call on behalf of a team only when configured.
 */
export class CallerResolver {
  private readonly visibility = new Map<
    string,
    { refs: Set<string>; expiresAt: number }
  >();

  constructor(
    private readonly deps: {
      userInfo: UserInfoService;
      catalog: CatalogService;
      consumers: Map<string, string>;
    },
  ) {}

  async resolve(credentials: BackstageCredentials): Promise<GatewayCaller> {
    const principal = credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal;
    if (principal.type === 'user') {
      const info = await this.deps.userInfo.getUserInfo(
        credentials as BackstageCredentials<BackstageUserPrincipal>,
      );
      const groups = [...new Set(info.ownershipEntityRefs)].sort();
      return {
        principal: info.userEntityRef,
        userRef: info.userEntityRef,
        groups,
        team: groups.find(g => g.startsWith('group:')),
        visibleServers: await this.visibleServers(
          info.userEntityRef,
          credentials,
        ),
      };
    }
    const team = this.deps.consumers.get(principal.subject);
    if (!team)
      throw new NotAllowedError(
        `Service ${principal.subject} may not call the MCP gateway: name the team it calls for in mcpGateway.consumers`,
      );
    const userRef = `user:default/${principal.subject.replace(
      /[^a-zA-Z0-9_.-]/g,
      '-',
    )}`;
    return {
      principal: principal.subject,
      userRef,
      groups: [userRef, team],
      team,
    };
  }

  private async visibleServers(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const cached = this.visibility.get(userRef);
    if (cached && cached.expiresAt > Date.now()) return cached.refs;
    const refs = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog
        .queryEntities(
          cursor
            ? { cursor, limit: 1000 }
            : {
                filter: MCP_SERVER_ENTITY_FILTER,
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
                limit: 1000,
              },
          { credentials },
        )
        .catch(error => {
          throw asPeerRefusal(error, 'catalog');
        });
      for (const entity of page.items)
        refs.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    if (this.visibility.size > 10_000) this.visibility.clear();
    this.visibility.set(userRef, {
      refs,
      expiresAt:
        Date.now() + (refs.size ? VISIBILITY_TTL_MS : EMPTY_VISIBILITY_TTL_MS),
    });
    return refs;
  }
}
