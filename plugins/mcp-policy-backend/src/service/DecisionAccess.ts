import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { mcpPolicyDecisionsReadPermission } from '@mcp-platform/plugin-mcp-policy-common';

/** Whom a tool-call or permission question is about, and whether its answer is logged. */
export interface DecisionSubject {
  user: { ref: string; trustedGroups?: string[] };
  record: boolean;
}

/**
 * Who may ask the engine what, and about whom: the permission checks of the policy API, kept out
 * of the router so each rule reads in one place.
 */
export class DecisionAccess {
  constructor(
    private readonly deps: {
      auth: AuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
    },
  ) {}

  /** The caller as the decision log records it: a user's entity ref or a service's subject. */
  principalOf(credentials: BackstageCredentials): string {
    const { auth } = this.deps;
    if (auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return 'none';
  }

  /** Whether the caller holds `permission`. */
  async allows(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Throws `NotAllowedError` naming `why` and the permission unless the caller holds it. */
  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    why: string,
  ): Promise<void> {
    if (!(await this.allows(credentials, permission))) {
      throw new NotAllowedError(
        `${why} needs the permission ${permission.name}; ask your platform team`,
      );
    }
  }

  /**
   * Who a tool-call or permission question is about, and whether it is recorded. Anyone may ask
   * about themselves. An answer about someone else shows what they may do, so asking needs the
   * permission to read decisions (Backstage grants it to services unless their access is
   * restricted). Decisions are recorded by default only for services, the enforcement points
   * (the permission module, the gateway); a user's question is a what-if unless they ask to
   * record it, and only about themselves: nothing is ever logged in another user's name on a
   * user's say-so.
   *
   * Groups a caller sends are trusted from services only (the permission module passes the
   * user's ownership refs); a signed-in user asking about themselves gets the groups from their
   * token, and anyone else's groups come from the catalog.
   */
  async subjectOf(
    credentials: BackstageCredentials,
    requested: { ref: string; groups?: string[] } | undefined,
    record: boolean | undefined,
    what: string,
  ): Promise<DecisionSubject> {
    const { auth, userInfo } = this.deps;
    if (auth.isPrincipal(credentials, 'service')) {
      if (!requested) {
        throw new InputError(
          'user is required when a service asks; pass {"user": {"ref": "user:default/jane"}}',
        );
      }
      await this.require(
        credentials,
        mcpPolicyDecisionsReadPermission,
        `Asking about ${what} of ${requested.ref}`,
      );
      return {
        user: { ref: requested.ref, trustedGroups: requested.groups },
        record: record ?? true,
      };
    }
    if (!auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(`Sign in to ask about ${what}`);
    }
    const self = credentials.principal.userEntityRef;
    if (!requested || requested.ref === self) {
      const info = await userInfo.getUserInfo(credentials);
      return {
        user: { ref: self, trustedGroups: info.ownershipEntityRefs },
        record: record ?? false,
      };
    }
    await this.require(
      credentials,
      mcpPolicyDecisionsReadPermission,
      `You may ask about your own ${what}; asking about ${requested.ref}'s`,
    );
    if (record) {
      throw new NotAllowedError(
        `Decisions about ${requested.ref} are not recorded on your request; only services that enforce decisions record them in another user's name. Leave out record: true.`,
      );
    }
    return { user: { ref: requested.ref }, record: false };
  }
}
