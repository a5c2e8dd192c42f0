import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
  withConformanceFixtures,
} from '@mcp-platform/example-mcp-servers';
import {
  CONFORMANCE_SCENARIOS,
  ConformanceRevision,
  runConformanceScenario,
  startRecordingProxy,
} from '@mcp-platform/test-utils';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(600_000);

/**
 * Checks that do not apply to a gateway that relays tools only, with the reason: the gateway
 * offers no prompts and no resources (it does not declare those capabilities, and answers their
 * lists with "method not found" as the spec asks), so their caching hints cannot be tested; and
 * the suite mutates a tool list through a diagnostic tool (`test_trigger_tool_change`) that no
 * upstream here has, so the list-changed SHOULD cannot be exercised (the gateway notifies
 * subscribed clients when the catalog's approvals or servers change).
 */
const NOT_APPLICABLE = new Set([
  'sep-2549-prompts-list-caching-hints',
  'sep-2549-resources-list-caching-hints',
  'sep-2549-resources-templates-list-caching-hints',
  'sep-2575-server-sends-tools-list-changed-on-subscription',
]);

/*
 * The official MCP conformance suite against the gateway's single-server endpoint (one upstream
 * that speaks both revisions and has the suite's diagnostic tools), for both revisions. The
 * suite cannot send a Backstage token, so a proxy in front adds grace's; it passes Host and
 * Origin through, which the DNS-rebinding scenario is about.
 */
describe('conformance of the MCP gateway', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let upstream: RunningExampleServer;

  beforeAll(async () => {
    upstream = await startExampleServer(
      withConformanceFixtures(createPaymentsLedger()),
    );
  });
  afterAll(() => upstream.close());

  it('passes the server scenarios of both revisions', async () => {
    const knex = await databases.init('SQLITE_3');
    const stack = await startGatewayStack({
      knex,
      servers: [
        {
          name: 'payments-ledger',
          owner: 'group:default/payments',
          url: upstream.url,
        },
      ],
    });
    await stack.waitForCallable('user:default/grace', [
      'payments-ledger__get_payment',
      'payments-ledger__test_logging_tool',
    ]);
    const proxy = await startRecordingProxy(stack.base, {
      addHeaders: {
        authorization: `Bearer ${mockCredentials.user.token(
          'user:default/grace',
        )}`,
      },
      keepHost: true,
    });
    const url = proxy.urlOf(
      '/api/mcp-gateway/v1/servers/default/payments-ledger/mcp',
    );
    const report: string[] = [];
    const unexpected: string[] = [];
    for (const revision of Object.keys(
      CONFORMANCE_SCENARIOS,
    ) as ConformanceRevision[]) {
      for (const scenario of CONFORMANCE_SCENARIOS[revision]) {
        const { checks, output } = await runConformanceScenario(
          url,
          scenario,
          revision,
        );
        const passed = checks.filter(c => c.status === 'SUCCESS').length;
        const failed = checks.filter(
          c => c.status === 'FAILURE' || c.status === 'WARNING',
        );
        report.push(
          `${revision} ${scenario}: ${passed} passed, ${
            failed.length
          } not passed${failed
            .map(c => `\n  ${c.status} ${c.id}: ${c.errorMessage ?? ''}`)
            .join('')}`,
        );
        if (!checks.length)
          unexpected.push(`${revision} ${scenario}: no checks ran: ${output}`);
        for (const c of failed)
          if (!NOT_APPLICABLE.has(c.id))
            unexpected.push(
              `${revision} ${scenario}: ${c.status} ${c.id}: ${c.errorMessage}`,
            );
      }
    }
    // The figures for the README and the closing note.
    // eslint-disable-next-line no-console
    console.log(`Conformance of the gateway:\n${report.join('\n')}`);
    expect(unexpected).toEqual([]);
    await proxy.close();
    await stack.backend.stop();
  });
});
