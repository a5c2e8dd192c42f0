import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** What the policy answers for permissions the MCP policy engine does not own. */
export type FallbackDecision = 'allow' | 'deny';

/**
 * The backend's permission policy. Backstage allows only one, so permissions that are not the
 * MCP suite's are answered by a configurable fallback and installing the module never locks
 * anyone out of the catalog or the scaffolder.
 */
export class McpPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: { fallback: FallbackDecision }) {}

  async handle(
    _request: PolicyQuery,
    _user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return {
      result:
        this.options.fallback === 'allow'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    };
  }
}
