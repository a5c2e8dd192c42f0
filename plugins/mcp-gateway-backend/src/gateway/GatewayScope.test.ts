import { gatewayAliasProblem } from '@mcp-platform/plugin-mcp-catalog-common';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { nameTools, serversInScope } from './GatewayScope';

function server(
  ref: string,
  alias: string,
  profiles: string[] = [],
): GatewayServer {
  return {
    ref,
    namespace: 'default',
    name: ref.split('/')[1],
    alias,
    aliasProblem: gatewayAliasProblem(alias),
    remotes: [],
    profiles,
    discoveryStatus: 'ok',
    tools: new Map(),
    version: '',
  };
}

describe('gateway names and scopes', () => {
  const ledger = server('api:default/payments-ledger', 'ledger', ['payments']);
  const clash = server('api:default/ledger-v2', 'ledger');
  const desk = server('api:default/support-desk', 'support-desk');
  const bad = server('api:default/weird', 'has_underscore');

  it('prefixes names in the aggregate, in code-unit order, and never renames a colliding or over-long one', () => {
    const named = nameTools({ kind: 'aggregate' }, [
      { server: desk, tool: 'search_tickets' },
      { server: ledger, tool: 'get_payment' },
      { server: clash, tool: 'get_payment' },
      { server: ledger, tool: 'x'.repeat(60) },
      { server: bad, tool: 'ok' },
    ]);
    expect(named.map(n => n.exposedName)).toEqual([
      'has_underscore__ok',
      'ledger__get_payment',
      'ledger__get_payment',
      `ledger__${'x'.repeat(60)}`,
      'support-desk__search_tickets',
    ]);
    const problems = Object.fromEntries(
      named.map(n => [`${n.server.ref} ${n.exposedName}`, n.nameProblem]),
    );
    expect(problems['api:default/payments-ledger ledger__get_payment']).toMatch(
      /claimed by api:default\/payments-ledger and api:default\/ledger-v2/,
    );
    expect(problems['api:default/ledger-v2 ledger__get_payment']).toMatch(
      /claimed by/,
    );
    expect(
      problems[`api:default/payments-ledger ledger__${'x'.repeat(60)}`],
    ).toMatch(/68 characters long \(at most 64\)/);
    expect(problems['api:default/weird has_underscore__ok']).toMatch(
      /letters, digits and inner dashes/,
    );
    expect(
      problems['api:default/support-desk support-desk__search_tickets'],
    ).toBeUndefined();
  });

  it("uses the plain names on one server's endpoint", () => {
    const named = nameTools({ kind: 'server', ref: ledger.ref }, [
      { server: ledger, tool: 'get_payment' },
    ]);
    expect(named[0]).toMatchObject({
      exposedName: 'get_payment',
      nameProblem: undefined,
    });
  });

  it('builds profiles from config globs and entity annotations', () => {
    const servers = new Map([ledger, desk].map(s => [s.ref, s]));
    const profiles = [
      {
        name: 'support',
        include: [
          { server: 'support-desk', tools: ['get_*', 'search_tickets'] },
        ],
      },
      { name: 'payments', include: [] },
    ];
    const support = serversInScope(
      { kind: 'profile', name: 'support' },
      servers,
      profiles,
    )!;
    expect(support.map(s => s.server.ref)).toEqual([desk.ref]);
    expect(support[0].accepts('get_ticket')).toBe(true);
    expect(support[0].accepts('search_tickets')).toBe(true);
    expect(support[0].accepts('close_ticket')).toBe(false);
    const payments = serversInScope(
      { kind: 'profile', name: 'payments' },
      servers,
      profiles,
    )!;
    expect(payments.map(s => s.server.ref)).toEqual([ledger.ref]);
    expect(
      serversInScope({ kind: 'profile', name: 'nope' }, servers, profiles),
    ).toBeUndefined();
    expect(
      serversInScope(
        { kind: 'server', ref: 'api:default/nope' },
        servers,
        profiles,
      ),
    ).toBeUndefined();
  });
});
