import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { VisibleMcpServers } from './VisibleMcpServers';

const api = (namespace: string, name: string, type = 'mcp-server'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { namespace, name },
  spec: { type, lifecycle: 'production', owner: 'team', definition: 'x' },
});

// The catalog as the user's conditional decision lets them see it: more servers than one page.
const fleet = Array.from({ length: 1_203 }, (_, i) =>
  api('default', `server-${i}`),
);
const entities = [
  ...fleet,
  api('Ops', 'Weather'),
  api('default', 'petstore', 'openapi'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name: 'server-0' },
    spec: {},
  },
];
const conditional: PolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ['group:default/team'] },
  },
};

describe('VisibleMcpServers', () => {
  function setup(decision: PolicyDecision = conditional) {
    let now = 1_000_000;
    const catalog = catalogServiceMock({ entities });
    const queries = jest.spyOn(catalog, 'queryEntities');
    const permissions = mockServices.permissions.mock({
      authorizeConditional: jest.fn(async () => [decision]),
    });
    const visible = new VisibleMcpServers({
      catalog,
      permissions,
      now: () => now,
    });
    return {
      visible,
      queries,
      permissions,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }
  const alice = mockCredentials.user('user:default/alice');

  it('lists the mcp-server entities the catalog shows the user, page by page, as the store keys them', async () => {
    const { visible, queries } = setup();
    const visibility = await visible.of(alice);
    expect(visibility.restriction).toHaveLength(fleet.length + 1);
    expect(visibility.restriction).toContain('api:ops/weather');
    expect(visibility.includes('API:Ops/Weather')).toBe(true);
    expect(visibility.includes('api:default/server-1202')).toBe(true);
    expect(visibility.includes('api:default/petstore')).toBe(false);
    expect(visibility.includes('component:default/server-0')).toBe(false);
    expect(queries).toHaveBeenCalledTimes(2);
    expect(queries.mock.calls[0][1]).toEqual({ credentials: alice });
  });

  it("keeps a user's answer for 10 seconds, per user, and does not keep failures", async () => {
    const { visible, queries, advance } = setup();
    await Promise.all([visible.of(alice), visible.of(alice)]);
    advance(9_000);
    await visible.of(alice);
    expect(queries).toHaveBeenCalledTimes(2); // one listing of two pages

    await visible.of(mockCredentials.user('user:default/bob'));
    expect(queries).toHaveBeenCalledTimes(4);

    advance(1_000);
    queries.mockRejectedValueOnce(new Error('catalog unavailable'));
    await expect(visible.of(alice)).rejects.toThrow('catalog unavailable');
    expect((await visible.of(alice)).includes('api:ops/weather')).toBe(true);
  });

  it('needs no catalog query when the decision is unconditional', async () => {
    const allowed = setup({ result: AuthorizeResult.ALLOW });
    const everything = await allowed.visible.of(alice);
    expect(everything.restriction).toBeUndefined();
    expect(everything.includes('api:default/anything')).toBe(true);

    const denied = setup({ result: AuthorizeResult.DENY });
    const nothing = await denied.visible.of(alice);
    expect(nothing.restriction).toEqual([]);
    expect(nothing.includes('api:ops/weather')).toBe(false);

    expect(allowed.queries).not.toHaveBeenCalled();
    expect(denied.queries).not.toHaveBeenCalled();
  });
});
