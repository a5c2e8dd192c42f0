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
} from '@mcp-platform/test-utils';
import { startRecordingProxy } from './__testUtils__/recordingProxy';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(600_000);

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
          } failed${failed
            .map(c => `\n  ${c.status} ${c.id}: ${c.errorMessage ?? ''}`)
            .join('')}${
            checks.length ? '' : `\n  no checks: ${output.slice(0, 500)}`
          }`,
        );
      }
    }
    // eslint-disable-next-line no-console
    console.log(report.join('\n'));
    await proxy.close();
    await stack.backend.stop();
  });
});
