import {
  createMockDirectory,
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  defineTool,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import request from 'supertest';
import {
  GatewayWorld,
  policyDocument,
  randomGatewayWorld,
  RISKY_DESCRIPTION,
} from './__testUtils__/randomGatewayWorld';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(300_000);

/** Seeds per database; `GATEWAY_PROPERTY_SEEDS=1,2,3` replays others. */
const SEEDS: Record<string, number[]> = process.env.GATEWAY_PROPERTY_SEEDS
  ? {
      POSTGRES_15: process.env.GATEWAY_PROPERTY_SEEDS.split(',').map(Number),
      SQLITE_3: process.env.GATEWAY_PROPERTY_SEEDS.split(',').map(Number),
    }
  : { POSTGRES_15: [1001, 1002], SQLITE_3: [2001, 2002] };

async function startWorldServers(
  world: GatewayWorld,
): Promise<RunningExampleServer[]> {
  return Promise.all(
    world.servers.map(s =>
      startExampleServer({
        name: s.name,
        title: s.name,
        version: '1.0.0',
        team: s.owner,
        instructions: 'A random server.',
        revisions: s.revisions,
        sse: false,
        tools: s.tools.map(t =>
          defineTool({
            name: t.name,
            title: t.name,
            description: t.risky ? RISKY_DESCRIPTION : `The ${t.name} tool.`,
            inputSchema: {},
            annotations: {
              readOnlyHint: t.readOnly,
              destructiveHint: t.destructive,
            },
            handler: () => ({ content: [{ type: 'text', text: 'done' }] }),
          }),
        ),
      }),
    ),
  );
}

/**
 * The gateway's promise to callers: a tool `tools/list` shows can be called, and one it does not
 * show is refused, for every caller. Checked over random worlds (users and groups, servers and
 * their tools, aliases that collide, risky descriptions, random tool-call rules and defaults)
 * through a real backend: discovery, the policy engine with the rules as a policy file, the
 * gateway, SDK clients of both revisions.
 */
describe('listed ≡ callable', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();

  it.each(databases.eachSupportedId())(
    'every tool a random caller is listed can be called, every other is refused (%p)',
    async databaseId => {
      for (const seed of SEEDS[databaseId]) {
        const world = randomGatewayWorld(seed);
        const servers = await startWorldServers(world);
        mockDir.setContent({
          [`policies-${seed}.yaml`]: policyDocument(world),
        });
        const knex = await databases.init(databaseId);
        const stack = await startGatewayStack({
          knex,
          membership: world.membership,
          servers: world.servers.map((s, i) => ({
            name: s.name,
            owner: s.owner,
            url: servers[i].url,
            lifecycle: s.lifecycle,
            annotations: {
              'mcp-platform.io/data-classification': s.dataClassification,
              ...(s.approvedGroups.length
                ? {
                    'mcp-platform.io/approved-groups':
                      s.approvedGroups.join(','),
                  }
                : {}),
              ...(s.alias ? { 'mcp-platform.io/gateway-alias': s.alias } : {}),
            },
          })),
          config: {
            mcpPolicy: {
              permission: { fallback: 'allow' },
              builtinPack: world.builtinPack,
              policyFiles: [mockDir.resolve(`policies-${seed}.yaml`)],
              toolCalls: { default: world.defaultDecision },
            },
          },
        });
        const { server, base } = stack;
        const users = Object.keys(world.membership);
        const views = async (user: string) =>
          (
            await request(server)
              .get('/api/mcp-gateway/v1/tools')
              .set('Authorization', mockCredentials.user.header(user))
          ).body.items as { name: string; callable: boolean }[];
        const context = `seed ${seed}: ${JSON.stringify(world)}`;
        try {
          // Discovery found every tool, the findings included, and the gateway sees them all.
          const total = world.servers.reduce((n, s) => n + s.tools.length, 0);
          const risky = world.servers.flatMap(s =>
            s.tools.filter(t => t.risky).map(t => `${s.name}#${t.name}`),
          );
          for (const until = Date.now() + 120_000; ; ) {
            const catalogued = await request(server)
              .get('/api/mcp-catalog/v1/tools?limit=200')
              .set('Authorization', mockCredentials.user.header(users[0]));
            const flagged = (catalogued.body.items ?? [])
              .filter((t: any) => t.maxSeverity === 'high')
              .map((t: any) => `${t.serverRef.split('/')[1]}#${t.name}`);
            if (
              (await views(users[0])).length === total &&
              risky.every(r => flagged.includes(r))
            )
              break;
            if (Date.now() > until)
              throw new Error(`the gateway did not see every tool: ${context}`);
            await new Promise(r => setTimeout(r, 500));
          }

          const names = (await views(users[0])).map(v => v.name);
          for (const [i, user] of users.entries()) {
            const client = new Client(
              { name: 'property', version: '1.0.0' },
              { versionNegotiation: { mode: i % 2 ? 'legacy' : 'auto' } },
            );
            await client.connect(
              new StreamableHTTPClientTransport(new URL(`${base}/v1/mcp`), {
                requestInit: {
                  headers: {
                    authorization: `Bearer ${mockCredentials.user.token(user)}`,
                  },
                },
              }),
            );
            try {
              let listed = new Set(
                (await client.listTools()).tools.map(t => t.name),
              );
              // The Gateway tab's view agrees with the list. As for calls below, a list or view
              // taken while the loaded machine made the engine or an upstream run out of time
              // fails closed; they are asked again once the caches around them expired, and a
              // disagreement that stays is the defect.
              const callableInView = async () =>
                [
                  ...new Set(
                    (await views(user))
                      .filter(v => v.callable)
                      .map(v => v.name),
                  ),
                ].sort();
              let inView = await callableInView();
              for (
                let again = 0;
                again < 3 && inView.join() !== [...listed].sort().join();
                again++
              ) {
                await new Promise(r => setTimeout(r, 1500));
                listed = new Set(
                  (await client.listTools()).tools.map(t => t.name),
                );
                inView = await callableInView();
              }
              expect([user, inView]).toEqual([user, [...listed].sort()]);
              const call = async (name: string) => {
                try {
                  const result = await client.callTool({ name, arguments: {} });
                  return result.isError
                    ? `refused: ${JSON.stringify(result.content)}`
                    : 'called';
                } catch (error) {
                  return `refused: ${(error as Error).message}`;
                }
              };
              for (const name of [...names, 'srv-a__not_a_tool']) {
                let outcome = await call(name);
                let isListed = listed.has(name);
                // The gateway fails closed: a decision the engine could not make on a loaded
                // machine (a context lookup or the engine itself out of time) refuses, and is not
                // cached. Such a refusal at list or call time is asked again once the decisions
                // cached around it expired (1 s here); a mismatch that stays is the defect.
                for (
                  let again = 0;
                  again < 3 &&
                  !outcome.startsWith(isListed ? 'called' : 'refused');
                  again++
                ) {
                  await new Promise(r => setTimeout(r, 1500));
                  isListed = (await client.listTools()).tools.some(
                    t => t.name === name,
                  );
                  outcome = await call(name);
                }
                const expected = isListed ? 'called' : 'refused';
                if (!outcome.startsWith(expected))
                  throw new Error(
                    `${user} ${
                      isListed ? 'is listed' : 'is not listed'
                    } ${name}, but the call was ${outcome} (also when asked again); ${context}`,
                  );
              }
            } finally {
              await client.close();
            }
          }
        } finally {
          await stack.backend.stop();
          await Promise.all(servers.map(s => s.close()));
        }
      }
    },
  );
});
