import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mcpPolicyDryRunPermission } from '@mcp-platform/plugin-mcp-policy-common';
import { DecisionAccess } from './DecisionAccess';

const ADA = 'user:default/ada';
const GRACE = 'user:default/grace';

/** Access with the permission to read decisions granted (`ALLOW`) or not. */
function access(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  return new DecisionAccess({
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo({
      userEntityRef: ADA,
      ownershipEntityRefs: [ADA, 'group:default/payments'],
    }),
    permissions: mockServices.permissions({ result }),
  });
}

describe('DecisionAccess', () => {
  const ada = mockCredentials.user(ADA);
  const gateway = mockCredentials.service('plugin:gateway');

  it('names the caller as the decision log records it', () => {
    const a = access(AuthorizeResult.ALLOW);
    expect(a.principalOf(ada)).toBe(ADA);
    expect(a.principalOf(gateway)).toBe('plugin:gateway');
    expect(a.principalOf(mockCredentials.none())).toBe('none');
  });

  it('refuses a missing permission by name', async () => {
    await expect(
      access(AuthorizeResult.DENY).require(
        ada,
        mcpPolicyDryRunPermission,
        'POST /v1/dry-run',
      ),
    ).rejects.toThrow(
      new NotAllowedError(
        'POST /v1/dry-run needs the permission mcp.policy.dry-run; ask your platform team',
      ),
    );
    await expect(
      access(AuthorizeResult.ALLOW).require(
        ada,
        mcpPolicyDryRunPermission,
        'x',
      ),
    ).resolves.toBeUndefined();
  });

  it('answers users about themselves with the groups of their token, unrecorded by default', async () => {
    const a = access(AuthorizeResult.DENY);
    const subject = {
      user: { ref: ADA, trustedGroups: [ADA, 'group:default/payments'] },
    };
    await expect(
      a.subjectOf(ada, undefined, undefined, 'tool calls'),
    ).resolves.toEqual({ ...subject, record: false });
    // Groups a user sends about themselves are not trusted; asking to record is allowed.
    await expect(
      a.subjectOf(
        ada,
        { ref: ADA, groups: ['group:default/admins'] },
        true,
        'tool calls',
      ),
    ).resolves.toEqual({ ...subject, record: true });
  });

  it('lets users ask about others only with the permission to read decisions, and never record', async () => {
    await expect(
      access(AuthorizeResult.DENY).subjectOf(
        ada,
        { ref: GRACE },
        undefined,
        'tool calls',
      ),
    ).rejects.toThrow(
      "You may ask about your own tool calls; asking about user:default/grace's needs the permission mcp.policy.decisions.read",
    );
    const reader = access(AuthorizeResult.ALLOW);
    await expect(
      reader.subjectOf(
        ada,
        { ref: GRACE, groups: ['group:default/admins'] },
        undefined,
        'permissions',
      ),
    ).resolves.toEqual({ user: { ref: GRACE }, record: false });
    await expect(
      reader.subjectOf(ada, { ref: GRACE }, true, 'permissions'),
    ).rejects.toThrow(NotAllowedError);
  });

  it('trusts the groups a service sends and records its questions by default', async () => {
    await expect(
      access(AuthorizeResult.ALLOW).subjectOf(
        gateway,
        { ref: GRACE, groups: ['group:default/payments'] },
        undefined,
        'tool calls',
      ),
    ).resolves.toEqual({
      user: { ref: GRACE, trustedGroups: ['group:default/payments'] },
      record: true,
    });
    await expect(
      access(AuthorizeResult.ALLOW).subjectOf(
        gateway,
        undefined,
        undefined,
        'tool calls',
      ),
    ).rejects.toThrow(InputError);
    await expect(
      access(AuthorizeResult.DENY).subjectOf(
        gateway,
        { ref: GRACE },
        false,
        'tool calls',
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('refuses callers that are neither users nor services', async () => {
    await expect(
      access(AuthorizeResult.ALLOW).subjectOf(
        mockCredentials.none(),
        undefined,
        undefined,
        'permissions',
      ),
    ).rejects.toThrow(new NotAllowedError('Sign in to ask about permissions'));
  });
});
