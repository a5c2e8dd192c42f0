import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
// The real MCP catalog tells insights when servers first answered; test-only, the plugins stay
// independent at runtime (they talk over HTTP).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

const FRESH = 'api:default/fresh-server';
const NEVER = 'api:default/never-deployed';

/** A loopback port nobody listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>(resolve => probe.close(() => resolve()));
  return port;
}

const api = (name: string, url: string, metricsUrl: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: {
    name,
    namespace: 'default',
    // Its metrics are elsewhere and never answer: only discovery can tell it runs.
    annotations: { 'mcp-platform.io/metrics-url': metricsUrl },
  },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/payments',
    remotes: [{ type: 'streamable-http', url }],
    definition: 'discovered by mcp-catalog',
  },
});

/** The test backend's (mock) scheduler, shared by every plugin: runs a task when asked. */
let scheduler: SchedulerService;
const captureScheduler = createBackendModule({
  pluginId: 'mcp-insights',
  moduleId: 'test-scheduler',
  register(env) {
    env.registerInit({
      deps: { s: coreServices.scheduler },
      async init({ s }) {
        scheduler = s;
      },
    });
  },
});

/**
 * A server created from the template is catalogued before anyone deploys it: the MCP catalog
 * shows it awaiting its first deployment and insights charges no compute for it, until it first
 * answers discovery; from then on it is costed from that answer.
 */
describe('mcp-insights: no compute cost before a server first answers', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let deployed: RunningExampleServer | undefined;
  afterEach(async () => {
    await deployed?.close();
    deployed = undefined;
  });

  it.each(databases.eachSupportedId())(
    'costs a server from its first answer to discovery, not from its registration, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const [port, neverPort, deadMetrics] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const metricsUrl = `http://127.0.0.1:${deadMetrics}/metrics`;
      const backend = await startTestBackend({
        features: [
          mcpInsightsPlugin,
          mcpCatalogPlugin,
          captureScheduler,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              ...TEST_INSIGHTS_CONFIG,
              mcpCatalog: {
                discovery: {
                  allowedCidrs: ['127.0.0.0/8'],
                  timeoutSeconds: 5,
                  // Every run tries every server again (after a few milliseconds).
                  refreshIntervalMinutes: 0.0002,
                  minBackoffSeconds: 0.01,
                  maxBackoffMinutes: 0.0002,
                },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              api('fresh-server', `http://127.0.0.1:${port}/mcp`, metricsUrl),
              api(
                'never-deployed',
                `http://127.0.0.1:${neverPort}/mcp`,
                metricsUrl,
              ),
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: { name: 'payments', namespace: 'default' },
                spec: { type: 'team', children: [] },
              },
            ],
          }),
        ],
      });
      const user = mockCredentials.user.header();
      const discover = () => scheduler.triggerTask('mcp-catalog-discovery');
      const collect = () =>
        request(backend.server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', user)
          .expect(202);
      const catalogStatus = async (name: string) =>
        (
          await request(backend.server)
            .get(`/api/mcp-catalog/v1/servers/default/${name}`)
            .set('Authorization', user)
            .expect(200)
        ).body;
      const computeRows = async (serverRef: string) =>
        knex('mcp_insights_compute_daily').where('server_ref', serverRef);
      // null while the server has shown no sign of life (undefined: insights lacks the server).
      const aliveSince = async (serverRef: string) =>
        (await knex('mcp_insights_servers').where('server_ref', serverRef))[0]
          ?.alive_since;
      try {
        // Registered, nothing deployed: awaiting, and nothing charged however often insights runs.
        await discover();
        await collect();
        await collect();
        expect(await catalogStatus('fresh-server')).toMatchObject({
          status: 'awaiting-deployment',
        });
        expect(await aliveSince(FRESH)).toBeNull();
        expect(await computeRows(FRESH)).toEqual([]);
        const report = await request(backend.server)
          .get('/api/mcp-insights/v1/cost/report')
          .query({ team: 'group:default/payments' })
          .set('Authorization', user)
          .expect(200);
        expect(report.body.monthToDate.compute).toBe(0);

        // Deployed: the catalog's discovery reaches it, and insights costs it from that answer.
        deployed = await startExampleServer(createPaymentsLedger(), { port });
        await discover();
        const answered = await catalogStatus('fresh-server');
        expect(answered).toMatchObject({ status: 'ok' });
        const firstAnswer = Date.parse(answered.firstSuccessAt);
        await collect();
        expect(Number(await aliveSince(FRESH))).toBe(firstAnswer);
        const [row] = await computeRows(FRESH);
        expect(Number(row.hours)).toBeGreaterThan(0);
        // From the answer, not from registration: at most the time since the answer.
        expect(Number(row.hours)).toBeLessThanOrEqual(
          (Date.now() - firstAnswer) / 3_600_000,
        );

        // Stopped again: failing now, but it did run, so its cost keeps counting.
        await deployed.close();
        deployed = undefined;
        await discover();
        expect(await catalogStatus('fresh-server')).toMatchObject({
          status: 'error',
        });

        // The other one never answered: still nothing.
        expect(await catalogStatus('never-deployed')).toMatchObject({
          status: 'awaiting-deployment',
        });
        await collect();
        expect(await aliveSince(NEVER)).toBeNull();
        expect(await computeRows(NEVER)).toEqual([]);
        expect(await computeRows(FRESH)).toHaveLength(1);
      } finally {
        await backend.stop();
      }
    },
  );
});
