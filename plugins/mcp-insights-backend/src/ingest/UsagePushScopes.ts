import {
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TeamHierarchy } from '../cost/TeamHierarchy';
import { DirectoryStore } from '../database/InsightsStore';

/** The servers a caller may push usage for, by owning team. */
export interface UsagePushScope {
  /** True when usage of a server owned by `teamRef` may be pushed. */
  allows(teamRef: string): boolean;
  /** Why a refused event was refused, for its per-event error. */
  refusal(serverRef: string): string;
  /**
   * Whether events may say the MCP gateway observed them (`source: gateway`). Only service
   * principals: those events decide what a consuming team is charged and what SLOs use.
   */
  gatewaySource: boolean;
}

const SERVICE: UsagePushScope = {
  allows: () => true,
  refusal: () => '',
  gatewaySource: true,
};

const ANY_SERVER: UsagePushScope = { ...SERVICE, gatewaySource: false };

/**
 * Decides which servers a caller may push usage for. Pushed usage moves a team's spend, budget
 * alerts and the budget the policy engine sees, so a user may only report for servers owned by
 * one of their groups or a group below it (a department reports for its teams). Service
 * principals (the gateway, a CI job with a static token from `backend.auth.externalAccess`) and
 * members of `mcpInsights.usage.pushForAnyServer` may push for any server; only service
 * principals may push events the MCP gateway observed.
 *
 * Group membership comes from the user entity's `memberOf` relations in the catalog, read with
 * insights' own credentials (one lookup per push); the hierarchy from insights' copy of the
 * catalog's groups.
 */
export class UsagePushScopes {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: DirectoryStore;
      pushForAnyServer: string[];
    },
  ) {}

  async forCaller(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<UsagePushScope> {
    const { principal } = credentials;
    if (principal.type !== 'user') return SERVICE;
    const userRef = principal.userEntityRef.toLocaleLowerCase('en-US');
    const anyServer = new Set(this.deps.pushForAnyServer);
    if (anyServer.has(userRef)) return ANY_SERVER;

    const [user, teams] = await Promise.all([
      this.deps.catalog.getEntityByRef(userRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      }),
      this.deps.store.listTeams(),
    ]);
    const hierarchy = new TeamHierarchy(teams);
    const groups = (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));

    // A member of a group below a listed group is a member of the listed group too.
    for (const group of groups) {
      const seen = new Set<string>();
      for (
        let g: string | undefined = group;
        g && !seen.has(g);
        g = hierarchy.parentOf(g)
      ) {
        if (anyServer.has(g)) return ANY_SERVER;
        seen.add(g);
      }
    }

    const owners = new Set<string>();
    for (const group of groups) {
      for (const team of hierarchy.withDescendants(group)) owners.add(team);
    }
    const yours = groups.length ? groups.sort().join(', ') : 'none';
    return {
      allows: teamRef => owners.has(teamRef),
      refusal: serverRef =>
        `you may push usage only for servers your groups own (yours: ${yours}), and ${serverRef} is not one of them; ` +
        'a gateway or CI job reporting for other teams pushes with a service token',
      gatewaySource: false,
    };
  }
}
