import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import { AlertRunStatus } from '@mcp-platform/plugin-mcp-insights-common';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

const PAYMENTS = 'group:default/payments';
const GRACE = 'user:default/grace';
const ADA = 'user:default/ada';

const api = (name: string, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'mcp-server',
      lifecycle: 'production',
      owner: PAYMENTS,
      remotes: [
        { type: 'streamable-http', url: `https://${name}.invalid/mcp` },
      ],
      definition: 'discovered by mcp-catalog',
    },
  } satisfies Entity);

const team = (name: string, title: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', profile: { displayName: title }, children: [] },
  // What the catalog's processing adds: the notifications backend finds members through it.
  relations: members.map(targetRef => ({ type: 'hasMember', targetRef })),
});
const user = (name: string, memberOf: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [memberOf] },
});

interface Inbox {
  totalCount: number;
  notifications: {
    id: string;
    read?: string | null;
    payload: {
      title: string;
      description?: string;
      link?: string;
      severity: string;
      topic?: string;
    };
  }[];
}

/**
 * Budget and SLO alerts reach the owning team's members through the real notifications backend
 * (its plugin and database), once per transition.
 */
describe('mcp-insights alerts as Backstage notifications', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'notifies the owning team once when its budget crosses a threshold, and when an SLO starts paging, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          mcpInsightsPlugin,
          notificationsBackend,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              mcpInsights: {
                ...TEST_INSIGHTS_CONFIG.mcpInsights,
                cost: {
                  ...TEST_INSIGHTS_CONFIG.mcpInsights.cost,
                  budgets: [{ team: PAYMENTS, monthly: 10 }],
                },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              api('payments-ledger'),
              api('payments-api', {
                'mcp-platform.io/slo': 'availability=99.9',
              }),
              team('payments', 'Payments', [GRACE]),
              team('analytics', 'Analytics', [ADA]),
              user('grace', 'payments'),
              user('ada', 'analytics'),
            ],
          }),
        ],
      });
      const { server } = backend;
      const service = mockCredentials.service.header();
      const collect = () =>
        request(server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', mockCredentials.user.header(GRACE))
          .expect(202);
      const evaluate = async (): Promise<AlertRunStatus> =>
        (
          await request(server)
            .post('/api/mcp-insights/v1/alerts/run')
            .set('Authorization', mockCredentials.user.header(GRACE))
            .expect(202)
        ).body;
      const inbox = async (who: string): Promise<Inbox> =>
        (
          await request(server)
            .get('/api/notifications/notifications')
            .set('Authorization', mockCredentials.user.header(who))
            .expect(200)
        ).body;
      let seq = 0;
      const push = (events: object[]) =>
        request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', service)
          .send({ events })
          .expect(200);
      const spend = (cost: number) => ({
        id: `spend-${++seq}`,
        timestamp: new Date().toISOString(),
        server: 'payments-ledger',
        tool: 'record_payment',
        outcome: 'success',
        durationMs: 20,
        cost,
      });
      const month = new Date().toISOString().slice(0, 7);
      try {
        await collect();
        // Nothing to say yet: no notification.
        expect(await evaluate()).toMatchObject({ sent: 0 });
        expect((await inbox(GRACE)).totalCount).toBe(0);

        // 85 % of a budget of 10: past the 80 % threshold. (Depending on the day of the month,
        // the forecast may cross the budget too: that is a notification of its own.)
        await push([spend(8.5)]);
        const first = await evaluate();
        expect(first).toMatchObject({ failed: 0 });
        expect(first.sent).toBe(first.transitions);
        const spent = (box: Inbox) =>
          box.notifications.filter(n => / has spent /.test(n.payload.title));
        const afterCrossing = spent(await inbox(GRACE));
        expect(afterCrossing).toHaveLength(1);
        const [notice] = afterCrossing;
        expect(notice.payload).toMatchObject({
          title: `Payments has spent 85 % of its MCP budget for ${month}`,
          link: `/mcp-insights?team=${encodeURIComponent(
            PAYMENTS,
          )}&month=${month}`,
          severity: 'normal',
          topic: 'MCP budget',
        });
        expect(notice.payload.description).toMatch(/past the 80 % threshold/);
        // Another team's members hear nothing of it.
        expect((await inbox(ADA)).totalCount).toBe(0);

        // Grace reads everything; evaluating again in the same state sends nothing (a resent
        // notification would be unread again).
        const before = await inbox(GRACE);
        await request(server)
          .post('/api/notifications/notifications/update')
          .set('Authorization', mockCredentials.user.header(GRACE))
          .send({ ids: before.notifications.map(n => n.id), read: true })
          .expect(200);
        expect(await evaluate()).toMatchObject({ transitions: 0, sent: 0 });
        expect(await evaluate()).toMatchObject({ transitions: 0, sent: 0 });
        const reread = await inbox(GRACE);
        expect(reread.totalCount).toBe(before.totalCount);
        expect(reread.notifications.every(n => n.read)).toBe(true);

        // Past 100 %: the same notification (its scope) now says so, unread and critical.
        await push([spend(2)]);
        expect(await evaluate()).toMatchObject({ transitions: 1, sent: 1 });
        const overspent = spent(await inbox(GRACE));
        expect(overspent).toHaveLength(1);
        expect(overspent[0].id).toBe(notice.id);
        expect(overspent[0].read).toBeFalsy();
        expect(overspent[0].payload).toMatchObject({
          title: `Payments has spent 105 % of its MCP budget for ${month}`,
          severity: 'critical',
        });
        const budgetNotices = (await inbox(GRACE)).totalCount;

        // The SLO of payments-api starts paging: half its calls fail against 99.9 %.
        const calls = Array.from({ length: 40 }, (_, i) => ({
          id: `call-${i}`,
          timestamp: new Date().toISOString(),
          server: 'payments-api',
          tool: 'create_payment',
          outcome: i % 2 ? 'error' : 'success',
          durationMs: 30,
        }));
        await push(calls);
        expect(await evaluate()).toMatchObject({ transitions: 1, sent: 1 });
        const paged = (await inbox(GRACE)).notifications.find(
          n => n.payload.topic === 'MCP SLO',
        );
        expect(paged?.payload).toMatchObject({
          title: 'payments-api is burning its error budget fast: page',
          link: '/mcp-insights/slo/servers/default/payments-api',
          severity: 'critical',
        });
        expect(paged?.payload.description).toMatch(
          /availability \(target 99.90 %\) burns 1h\/5m at \d+\.\d× \(threshold 14.4×\)/,
        );
        expect(await evaluate()).toMatchObject({ transitions: 0, sent: 0 });
        expect((await inbox(GRACE)).totalCount).toBe(budgetNotices + 1);
        expect((await inbox(ADA)).totalCount).toBe(0);
      } finally {
        await backend.stop();
      }
    },
  );
});
