import { Entity } from '@backstage/catalog-model';
import {
  findGatewayAliasCollisions,
  gatewayAliasOf,
  gatewayAliasProblem,
  gatewayToolName,
  gatewayToolNameProblem,
  gatewayToolNameProblems,
} from './gatewayNames';

const entity = (name: string, alias?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: {
    name,
    annotations: alias ? { 'mcp-platform.io/gateway-alias': alias } : {},
  },
});

describe('gateway names', () => {
  it('takes the alias from the annotation, else the entity name', () => {
    expect(gatewayAliasOf(entity('payments-ledger'))).toBe('payments-ledger');
    expect(gatewayAliasOf(entity('payments-ledger', 'ledger'))).toBe('ledger');
  });

  it('accepts aliases of letters, digits and inner dashes up to 32 characters', () => {
    expect(gatewayAliasProblem('ledger')).toBeUndefined();
    expect(gatewayAliasProblem('Ledger-2')).toBeUndefined();
    expect(gatewayAliasProblem('a'.repeat(32))).toBeUndefined();
    expect(gatewayAliasProblem('a'.repeat(33))).toMatch(
      /longer than 32 characters; set a shorter mcp-platform\.io\/gateway-alias annotation/,
    );
    // An underscore would make <alias>__<tool> split two ways.
    expect(gatewayAliasProblem('payments_ledger')).toMatch(
      /only letters, digits and inner dashes/,
    );
    expect(gatewayAliasProblem('payments.ledger')).toMatch(/inner dashes/);
    expect(gatewayAliasProblem('-ledger')).toMatch(/inner dashes/);
  });

  it('allows names of [A-Za-z0-9_-] up to 64 characters', () => {
    expect(gatewayToolName('ledger', 'get_payment')).toBe(
      'ledger__get_payment',
    );
    expect(gatewayToolNameProblem('x'.repeat(64))).toBeUndefined();
    expect(gatewayToolNameProblem('x'.repeat(65))).toMatch(
      /is 65 characters long \(at most 64\)/,
    );
    expect(gatewayToolNameProblem('ledger__get.payment')).toMatch(
      /characters other than letters, digits, "_" and "-"/,
    );
  });

  it('reports each tool whose prefixed name breaks the rules, or its plain name without an alias', () => {
    const long = 'y'.repeat(58);
    expect(
      gatewayToolNameProblems('ledger', ['get_payment', long, 'get.payment']),
    ).toEqual([
      `tool ${long}: gateway tool name "ledger__${long}" is 66 characters long (at most 64); shorten the server's mcp-platform.io/gateway-alias or the tool's name`,
      'tool get.payment: gateway tool name "ledger__get.payment" has characters other than letters, digits, "_" and "-"',
    ]);
    // The plain name fits on one server's endpoint.
    expect(gatewayToolNameProblems(undefined, [long])).toEqual([]);
  });

  it('finds servers sharing an alias and names all of them, the reported one first', () => {
    const problems = findGatewayAliasCollisions([
      { ref: 'api:default/payments-ledger', alias: 'ledger' },
      { ref: 'api:default/support-desk', alias: 'support-desk' },
      { ref: 'api:finance/ledger', alias: 'ledger' },
      // Aliases compare exactly, as the gateway splits names.
      { ref: 'api:default/big-ledger', alias: 'Ledger' },
    ]);
    expect([...problems.keys()].sort()).toEqual([
      'api:default/payments-ledger',
      'api:finance/ledger',
    ]);
    expect(problems.get('api:finance/ledger')).toBe(
      'gateway alias "ledger" is shared by api:finance/ledger and api:default/payments-ledger: the gateway would name their tools alike (ledger__<tool>), so it offers none of them; give one of them another mcp-platform.io/gateway-alias annotation',
    );
  });
});
