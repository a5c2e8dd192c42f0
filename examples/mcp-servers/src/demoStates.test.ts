import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createAnalyticsWarehouse } from './analyticsWarehouse';
import { demoCallers, demoConsumers, demoRefusedCalls } from './demoConsumers';
import {
  CHANGED_TOOL,
  DEMO_DOWN_SERVER,
  describeTableRelease,
  FLAGGED_TOOL,
  legacyCrm,
  withFlaggedTool,
} from './demoStates';
import { startExampleServer } from './exampleServer';
import { createModelGateway } from './modelGateway';
import { exampleServerFactories } from './startAllExampleServers';
import { ToolMetrics } from './toolMetrics';
import { exampleTraffic } from './exampleTraffic';

async function connect(url: string, attempts = 1): Promise<Client> {
  const client = new Client(
    { name: 'demo-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    return client;
  } catch (error) {
    // After a restart on the same port, the first request may meet a kept-alive socket of the
    // server that closed, as any client of a redeployed server may.
    if (attempts <= 1) throw error;
    return connect(url, attempts - 1);
  }
}

describe('demo states', () => {
  it('adds a tool whose description asks to be called before any other tool', async () => {
    const server = await startExampleServer(
      withFlaggedTool(
        createModelGateway(
          new ToolMetrics({ server: 'model-gateway', team: 'ml-platform' }),
        ),
      ),
    );
    const client = await connect(server.url);
    try {
      const { tools } = await client.listTools();
      const flagged = tools.find(t => t.name === FLAGGED_TOOL)!;
      expect(flagged.description).toMatch(/before any other tool/);
      const result = await client.callTool({
        name: FLAGGED_TOOL,
        arguments: {
          query: 'refund policy',
          documents: ['shipping times', 'our refund policy'],
        },
      });
      expect(result.structuredContent).toEqual({
        ranked: [
          { index: 1, score: 2 },
          { index: 0, score: 0 },
        ],
      });
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('runs the legacy CRM as the catalog lists it, until its host goes down', async () => {
    const server = await startExampleServer(legacyCrm(), {
      metrics: new ToolMetrics({
        server: DEMO_DOWN_SERVER.name,
        team: 'customer-success',
      }),
    });
    const catalog = parse(
      fs
        .readFileSync(path.resolve(__dirname, '../catalog-info.yaml'), 'utf8')
        .split(/^---$/m)
        .find(doc => doc.includes(`name: ${DEMO_DOWN_SERVER.name}`))!,
    );
    expect(catalog.spec.remotes).toEqual([
      {
        type: 'streamable-http',
        url: `http://localhost:${DEMO_DOWN_SERVER.port}/mcp`,
      },
    ]);
    const client = await connect(server.url);
    try {
      expect((await client.listTools()).tools.map(t => t.name)).toEqual([
        'find_customer',
      ]);
      const found = await client.callTool({
        name: 'find_customer',
        arguments: { customerId: 'C-1001' },
      });
      expect(found.structuredContent).toMatchObject({ name: 'Ada Industries' });
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('releases a describe_table that takes how many sample rows to return, on the same port', async () => {
    const before = await startExampleServer(createAnalyticsWarehouse());
    const port = Number(new URL(before.url).port);
    let client = await connect(before.url);
    const definitionOf = async () =>
      (await client.listTools()).tools.find(t => t.name === CHANGED_TOOL)!;
    const v1 = await definitionOf();
    await client.close();
    await before.close();

    const after = await startExampleServer(
      describeTableRelease(createAnalyticsWarehouse()),
      { port },
    );
    client = await connect(after.url, 2);
    try {
      const v2 = await definitionOf();
      expect(v2.description).not.toBe(v1.description);
      expect(Object.keys(v2.inputSchema.properties ?? {})).toEqual([
        'table',
        'sampleRows',
      ]);
      const call = async (args: Record<string, unknown>) =>
        (
          (await client.callTool({ name: CHANGED_TOOL, arguments: args }))
            .structuredContent as { sample: unknown[] }
        ).sample.length;
      expect(await call({ table: 'growth.signups' })).toBe(3);
      expect(await call({ table: 'growth.signups', sampleRows: 1 })).toBe(1);
      expect(await call({ table: 'growth.signups', sampleRows: 0 })).toBe(0);
    } finally {
      await client.close();
      await after.close();
    }
  });
});

describe('demo consumers', () => {
  const config = parse(
    fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'app-config.development.yaml'),
      'utf8',
    ),
  );

  it('are the static tokens and gateway consumers of the development config', () => {
    expect(
      (config.backend.auth.externalAccess as any[]).map(e => ({
        type: e.type,
        ...e.options,
        restrictions: e.accessRestrictions,
      })),
    ).toEqual(
      demoConsumers.map(c => ({
        type: 'static',
        token: c.token,
        subject: c.subject,
        restrictions: [{ plugin: 'mcp-gateway' }],
      })),
    );
    expect(config.mcpGateway.consumers).toEqual(
      demoConsumers.map(c => ({ subject: c.subject, team: c.team })),
    );
  });

  it('call every example server, and the tools that are not read-only only as their owners', () => {
    const subjects = new Set(demoConsumers.map(c => c.subject));
    const teamOf = new Map(demoConsumers.map(c => [c.subject, c.team]));
    for (const factory of exampleServerFactories) {
      const callers = demoCallers[factory.name];
      expect([factory.name, callers.length > 0]).toEqual([factory.name, true]);
      for (const c of callers) expect(subjects).toContain(c.subject);
      const tools = factory.create(
        new ToolMetrics({ server: factory.name, team: factory.team }),
      ).tools;
      for (const call of exampleTraffic[factory.name]) {
        const tool = tools.find(t => t.name === call.tool)!;
        if (tool.annotations.readOnlyHint) continue;
        expect([factory.name, call.tool, teamOf.get(call.by ?? '')]).toEqual([
          factory.name,
          call.tool,
          `group:default/${factory.team}`,
        ]);
      }
    }
    for (const refused of demoRefusedCalls)
      expect(subjects).toContain(refused.subject);
  });
});
