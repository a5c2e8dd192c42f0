import { TestDatabases } from '@backstage/backend-test-utils';
import { DiscoveredServer } from '../model/DiscoveredServer';
import { DatabaseMcpCatalogStore } from './DatabaseMcpCatalogStore';
import { migrationConfig } from './migrations';

jest.setTimeout(60_000);

const ledger = {
  entityRef: 'api:default/payments-ledger',
  name: 'payments-ledger',
  ownerRef: 'group:default/payments',
  lifecycle: 'production',
  remotes: [
    { type: 'streamable-http' as const, url: 'https://ledger.example.com/mcp' },
  ],
};
const desk = {
  entityRef: 'api:default/support-desk',
  name: 'support-desk',
  ownerRef: 'group:default/customer-success',
  lifecycle: 'production',
  remotes: [{ type: 'sse' as const, url: 'https://desk.example.com/sse' }],
};

function discovered(names: string[]): DiscoveredServer {
  return {
    remote: ledger.remotes[0],
    transport: 'streamable-http',
    era: 'modern',
    protocolVersion: '2026-07-28',
    serverInfo: { name: 'payments-ledger', version: '1.0.0' },
    capabilities: { tools: {} },
    tools: names.map(name => ({
      name,
      description: `Does ${name}`,
      inputSchema: { type: 'object' as const },
    })),
    prompts: [],
    resources: [],
    resourceTemplates: [],
    latencyMs: 3,
  };
}

describe('DatabaseMcpCatalogStore kill switch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'disables and enables servers and tools with who, when and why, and keeps the audit trail (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const store = DatabaseMcpCatalogStore.fromKnex(knex);
      await store.syncServers([ledger, desk]);
      await store.recordDiscovery({
        entityRef: ledger.entityRef,
        result: discovered(['refund_payment', 'get_balance']),
        findings: [],
        now: new Date('2026-12-01T08:00:00Z'),
        nextAttemptAt: new Date('2026-12-01T08:10:00Z'),
        baselineOnFirstDiscovery: true,
      });
      const updatedBefore = (await store.getServer(ledger.entityRef))!
        .updatedAt;

      // One tool off.
      const t1 = new Date('2026-12-01T09:00:00Z');
      expect(
        await store.setKillSwitch({
          serverRef: ledger.entityRef,
          toolName: 'refund_payment',
          action: 'disable',
          actor: 'user:default/grace',
          reason: 'INC-1: refunds issued twice',
          now: t1,
        }),
      ).toEqual({ outcome: 'switched' });
      const refundOff = {
        scope: 'tool',
        by: 'user:default/grace',
        at: t1.toISOString(),
        reason: 'INC-1: refunds issued twice',
      };
      expect(
        (await store.getTool(ledger.entityRef, 'refund_payment'))!,
      ).toMatchObject({ disabled: refundOff });
      const search = await store.searchTools({ limit: 10, offset: 0 });
      expect(
        search.items.map(t => [t.name, t.disabled?.scope ?? 'on']),
      ).toEqual([
        ['get_balance', 'on'],
        ['refund_payment', 'tool'],
      ]);
      // Readers that cache by server see that it changed; the server itself stays on.
      const afterTool = (await store.getServer(ledger.entityRef))!;
      expect(afterTool.updatedAt).not.toBe(updatedBefore);
      expect(afterTool.disabled).toBeUndefined();

      // Disabling again changes nothing and says by whom it already is.
      expect(
        await store.setKillSwitch({
          serverRef: ledger.entityRef,
          toolName: 'refund_payment',
          action: 'disable',
          actor: 'user:default/ada',
          reason: 'again',
          now: new Date('2026-12-01T09:01:00Z'),
        }),
      ).toEqual({ outcome: 'unchanged', current: refundOff });

      // The whole server off: every tool is, its own switch named first.
      const t2 = new Date('2026-12-01T10:00:00Z');
      expect(
        await store.setKillSwitch({
          serverRef: ledger.entityRef,
          action: 'disable',
          actor: 'user:default/platform-admin',
          reason: 'INC-2: ledger leaking balances',
          now: t2,
        }),
      ).toEqual({ outcome: 'switched' });
      const serverOff = {
        scope: 'server',
        by: 'user:default/platform-admin',
        at: t2.toISOString(),
        reason: 'INC-2: ledger leaking balances',
      };
      const servers = await store.listServers({ limit: 10, offset: 0 });
      expect(servers.items.map(s => [s.name, s.disabled ?? 'on'])).toEqual([
        ['payments-ledger', serverOff],
        ['support-desk', 'on'],
      ]);
      expect(
        (
          await store.listServers({ enabledOnly: true, limit: 10, offset: 0 })
        ).items.map(s => s.name),
      ).toEqual(['support-desk']);
      const detail = (await store.getServer(ledger.entityRef))!;
      expect(detail.disabled).toEqual(serverOff);
      expect(detail.tools.map(t => [t.name, t.disabled])).toEqual([
        ['get_balance', serverOff],
        ['refund_payment', refundOff],
      ]);

      // The tool's own switch back on: the server's still holds it.
      expect(
        await store.setKillSwitch({
          serverRef: ledger.entityRef,
          toolName: 'refund_payment',
          action: 'enable',
          actor: 'user:default/grace',
          reason: 'INC-1 fixed in 1.0.1',
          now: new Date('2026-12-01T11:00:00Z'),
        }),
      ).toEqual({ outcome: 'switched' });
      expect(
        (await store.getTool(ledger.entityRef, 'refund_payment'))!.disabled,
      ).toEqual(serverOff);
      expect(
        await store.setKillSwitch({
          serverRef: ledger.entityRef,
          toolName: 'refund_payment',
          action: 'enable',
          actor: 'user:default/grace',
          reason: 'twice',
          now: new Date('2026-12-01T11:01:00Z'),
        }),
      ).toEqual({ outcome: 'unchanged' });

      // Unknown servers and tools are not switched.
      for (const change of [
        { serverRef: 'api:default/nope' },
        { serverRef: ledger.entityRef, toolName: 'nope' },
      ])
        expect(
          await store.setKillSwitch({
            ...change,
            action: 'disable',
            actor: 'user:default/grace',
            reason: 'typo',
            now: new Date(),
          }),
        ).toEqual({ outcome: 'not-found' });

      // Gone from the catalog and registered again mid-incident: still out of service.
      await store.syncServers([desk]);
      expect(await store.getServer(ledger.entityRef)).toBeUndefined();
      await store.syncServers([ledger, desk]);
      expect((await store.getServer(ledger.entityRef))!.disabled).toEqual(
        serverOff,
      );

      // The audit trail, newest first: the server's covers its tools, a tool's its server.
      const trail = (await store.getServer(ledger.entityRef))!
        .killSwitchHistory;
      expect(trail.map(e => [e.action, e.tool, e.by, e.reason])).toEqual([
        [
          'enable',
          'refund_payment',
          'user:default/grace',
          'INC-1 fixed in 1.0.1',
        ],
        [
          'disable',
          undefined,
          'user:default/platform-admin',
          'INC-2: ledger leaking balances',
        ],
        [
          'disable',
          'refund_payment',
          'user:default/grace',
          'INC-1: refunds issued twice',
        ],
      ]);
      expect(trail[1].at).toBe(t2.toISOString());
      await store.recordDiscovery({
        entityRef: ledger.entityRef,
        result: discovered(['refund_payment', 'get_balance']),
        findings: [],
        now: new Date('2026-12-01T12:00:00Z'),
        nextAttemptAt: new Date('2026-12-01T12:10:00Z'),
        baselineOnFirstDiscovery: true,
      });
      expect(
        (await store.getTool(
          ledger.entityRef,
          'get_balance',
        ))!.killSwitchHistory.map(e => [e.action, e.tool]),
      ).toEqual([['disable', undefined]]);

      // Two people pulling the switch at once: one disables, the other is told who did.
      const both = await Promise.all(
        ['user:default/grace', 'user:default/ada'].map(actor =>
          store.setKillSwitch({
            serverRef: desk.entityRef,
            action: 'disable',
            actor,
            reason: 'INC-3',
            now: new Date(),
          }),
        ),
      );
      expect(both.map(b => b.outcome).sort()).toEqual([
        'switched',
        'unchanged',
      ]);
      expect(
        (await store.getServer(desk.entityRef))!.killSwitchHistory,
      ).toHaveLength(1);
      await knex.destroy();
    },
  );
});
