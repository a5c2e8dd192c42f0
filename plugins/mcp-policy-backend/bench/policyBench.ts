/**
 * `yarn bench:policy`: the policy engine's speed with the built-in pack.
 *
 * 1. In-process decisions (mixed deployment and tool-call inputs): p50/p99 latency and
 *    decisions per second on one core, against a baseline that parses every expression per
 *    decision, measured in the same run.
 * 2. The HTTP evaluate routes (real router, auth, zod, context collection, SQLite decision log):
 *    p50/p95 over sequential requests on a keep-alive connection.
 *
 * Knobs: MCP_BENCH_DECISIONS (default 200000), MCP_BENCH_HTTP_REQUESTS (default 2000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import {
  DeploymentInput,
  PolicyTarget,
  ToolCallInput,
} from '@mcp-platform/plugin-mcp-policy-common';
import { PolicyContextProvider } from '@mcp-platform/plugin-mcp-policy-node';
import {
  BenchLogger,
  envInt,
  listenOnLoopback,
  percentile,
  sqliteDatabase,
} from '@mcp-platform/bench-utils';
import express from 'express';
import { DatabaseDecisionLog } from '../src/database/DatabaseDecisionLog';
import { migrationConfig } from '../src/database/migrations';
import {
  createEvaluationEnvironment,
  toCelActivation,
} from '../src/engine/celEnvironments';
import {
  CompiledPolicySet,
  compilePolicySet,
} from '../src/engine/compilePolicySet';
import { completeToolCallInput } from '../src/engine/completeInput';
import {
  evaluateDeployment,
  evaluateToolCall,
} from '../src/engine/evaluatePolicies';
import { PolicySetLoader } from '../src/engine/PolicySetLoader';
import { DryRunSandbox } from '../src/service/DryRunSandbox';
import { createRouter } from '../src/service/createRouter';
import { PolicyDecisionService } from '../src/service/PolicyDecisionService';

const DECISIONS = envInt('MCP_BENCH_DECISIONS', 200_000);
const HTTP_REQUESTS = envInt('MCP_BENCH_HTTP_REQUESTS', 2000);
const BUILTIN = resolve(__dirname, '../policies/builtin');

const context = {
  catalog: {
    owner: { ref: 'group:default/payments', exists: true },
    server: { ref: 'api:default/payments-refunds', exists: false, owner: '' },
  },
  budget: {
    team: 'group:default/payments',
    currency: 'USD',
    monthlyBudget: 1000,
    monthToDateSpend: 420,
    forecastSpend: 900,
    usedRatio: 0.42,
  },
  slo: {
    server: 'api:default/payments-refunds',
    known: true,
    errorBudgetRemaining: 0.6,
  },
  platform: { groups: ['group:default/platform-team'] },
};

function deploymentInputs(): DeploymentInput[] {
  const base = {
    name: 'payments-refunds',
    owner: 'group:default/payments',
    environment: 'production',
    change: 'create' as const,
    dataClassification: 'internal' as const,
    replicas: 2,
    cpu: 0.5,
    memoryMiB: 512,
    rateLimit: { requestsPerMinute: 600 },
    egress: [{ host: 'refunds-api', kind: 'http' as const }],
  };
  return [
    { deployment: base, context },
    {
      deployment: { ...base, rateLimit: { requestsPerMinute: 5000 } },
      context,
    },
    {
      deployment: {
        ...base,
        egress: [{ host: 'ledger-db', kind: 'database' }],
      },
      context,
    },
    { deployment: { ...base, change: 'update', replicas: 1 }, context },
    {
      deployment: {
        ...base,
        dataClassification: 'confidential',
        environment: 'staging',
      },
      context,
    },
  ];
}

function toolInputs(): ToolCallInput[] {
  const server = {
    ref: 'api:default/payments-ledger',
    owner: 'group:default/payments',
    environment: 'production',
    dataClassification: 'internal',
  };
  const grace = {
    ref: 'user:default/grace',
    groups: ['user:default/grace', 'group:default/payments'],
  };
  const ada = {
    ref: 'user:default/ada',
    groups: ['user:default/ada', 'group:default/analytics'],
  };
  return [
    completeToolCallInput({
      user: ada,
      server,
      tool: { name: 'get_balance', readOnly: true },
      context,
    }),
    completeToolCallInput({
      user: ada,
      server,
      tool: { name: 'refund_payment', destructive: true },
      context,
    }),
    completeToolCallInput({
      user: grace,
      server,
      tool: { name: 'refund_payment', destructive: true },
      context,
    }),
    completeToolCallInput({
      user: ada,
      server: {
        ...server,
        dataClassification: 'confidential',
        approvedGroups: ['group:default/payments'],
      },
      tool: { name: 'search', readOnly: true },
      context,
    }),
  ];
}

type Decide = (i: number) => unknown;

function measure(decide: Decide, count: number) {
  const latencies = new Float64Array(count);
  for (let i = 0; i < Math.min(2000, count); i++) decide(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    decide(i);
    latencies[i] = performance.now() - t0;
  }
  const totalMs = performance.now() - start;
  latencies.sort();
  return {
    p50us: percentile(latencies, 50) * 1000,
    p99us: percentile(latencies, 99) * 1000,
    perSecond: count / (totalMs / 1000),
  };
}

/** The baseline: every matching rule's expressions parsed again for every decision. */
function parsePerDecision(set: CompiledPolicySet) {
  const envs = {
    deployment: createEvaluationEnvironment('deployment'),
    'tool-call': createEvaluationEnvironment('tool-call'),
  } as Record<PolicyTarget, ReturnType<typeof createEvaluationEnvironment>>;
  return (
    target: 'deployment' | 'tool-call',
    input: Record<string, unknown>,
  ) => {
    const activation = toCelActivation(target, input);
    const results: unknown[] = [];
    for (const rule of set.rules[target]) {
      try {
        const fn = envs[target].parse(rule.definition.condition);
        const fired = fn(activation);
        if (fired === true && rule.definition.messageExpression) {
          results.push(
            envs[target].parse(rule.definition.messageExpression)(activation),
          );
        }
        results.push(fired);
      } catch (error) {
        results.push(error);
      }
    }
    return results;
  };
}

async function httpBench(set: CompiledPolicySet) {
  const knex = sqliteDatabase();
  await knex.migrate.latest(migrationConfig);
  const logger = new BenchLogger({ print: true });
  const loader = new PolicySetLoader({ paths: [BUILTIN], logger });
  await loader.reload();
  if (loader.current().set?.digest !== set.digest)
    throw new Error('pack mismatch');
  // Cached catalog answers, as the catalog provider serves them after the first lookup.
  const providers: PolicyContextProvider[] = Object.entries(context).map(
    ([name, value]) => ({ name, provide: async () => value }),
  );
  const log = DatabaseDecisionLog.fromKnex(knex);
  const decisions = new PolicyDecisionService({
    loader,
    providers,
    log,
    logger,
    toolCallDefault: 'deny',
    permissionDefault: 'deny',
    contextTimeoutMs: 2000,
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo(),
    permissions: mockServices.permissions(),
    decisions,
    loader,
    log,
    contextProviders: providers,
    dryRuns: new DryRunSandbox({
      timeoutMs: 10_000,
      maxMemoryMb: 256,
      maxConcurrent: 1,
      toolCallDefault: 'deny',
      permissionDefault: 'deny',
    }),
  });
  const app = express();
  app.use('/api/mcp-policy', router);
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  const served = await listenOnLoopback(app);
  const base = `${served.origin}/api/mcp-policy`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const token = mockCredentials.service.token();
  const post = (path: string, body: string) =>
    new Promise<number>((resolvePost, reject) => {
      const t0 = performance.now();
      const req = http.request(
        `${base}${path}`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        res => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolvePost(performance.now() - t0)
              : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const deployment = JSON.stringify({
    deployment: deploymentInputs()[1].deployment,
  });
  const toolCall = JSON.stringify({
    user: { ref: 'user:default/ada', groups: ['user:default/ada'] },
    tools: [{ server: 'api:default/payments-ledger', tool: 'refund_payment' }],
  });
  const results: Record<string, { p50: number; p95: number }> = {};
  for (const [name, path, body] of [
    ['deployments/evaluate', '/v1/deployments/evaluate', deployment],
    ['tool-calls/evaluate', '/v1/tool-calls/evaluate', toolCall],
  ] as const) {
    for (let i = 0; i < 200; i++) await post(path, body);
    const times: number[] = [];
    for (let i = 0; i < HTTP_REQUESTS; i++) times.push(await post(path, body));
    times.sort((a, b) => a - b);
    results[name] = {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
    };
  }
  const logged = await knex('mcp_policy_decisions').count({ n: '*' });
  agent.destroy();
  await served.close();
  await knex.destroy();
  return { results, logged: Number(logged[0].n) };
}

async function main() {
  const sources = readdirSync(BUILTIN).map(f => ({
    source: resolve(BUILTIN, f),
    content: readFileSync(resolve(BUILTIN, f), 'utf8'),
  }));
  const { set, errors } = compilePolicySet(sources);
  if (!set) throw new Error(JSON.stringify(errors));
  const ruleCount = set.rules.deployment.length + set.rules['tool-call'].length;
  const deployments = deploymentInputs();
  const tools = toolInputs();
  const mixed: Decide = i =>
    i % 2 === 0
      ? evaluateDeployment(set, deployments[(i >> 1) % deployments.length])
      : evaluateToolCall(set, tools[(i >> 1) % tools.length], {
          defaultResult: 'deny',
        });
  const baseline = parsePerDecision(set);
  const mixedBaseline: Decide = i =>
    i % 2 === 0
      ? baseline(
          'deployment',
          deployments[(i >> 1) % deployments.length] as any,
        )
      : baseline('tool-call', tools[(i >> 1) % tools.length] as any);

  console.log(
    `Policy bench: built-in pack (${set.policies.length} policies, ${ruleCount} deployment and tool-call rules), Node ${process.version}`,
  );
  const compiled = measure(mixed, DECISIONS);
  const parsed = measure(
    mixedBaseline,
    Math.max(2000, Math.floor(DECISIONS / 20)),
  );
  const ratio = compiled.perSecond / parsed.perSecond;
  const row = (name: string, m: ReturnType<typeof measure>) =>
    `  ${name.padEnd(28)} p50 ${m.p50us
      .toFixed(1)
      .padStart(7)} µs   p99 ${m.p99us
      .toFixed(1)
      .padStart(7)} µs   ${Math.round(m.perSecond)
      .toLocaleString('en-US')
      .padStart(10)} decisions/s`;
  console.log(
    'In-process decisions (one core, mixed deployment and tool-call inputs):',
  );
  console.log(row('compiled at load (engine)', compiled));
  console.log(row('parsed per decision (base)', parsed));
  console.log(`  speed-up vs parsing per decision: ${ratio.toFixed(1)}×`);
  console.log(
    `  targets: p50 ≤ 20 µs ${
      compiled.p50us <= 20 ? 'met' : 'MISSED'
    }, p99 ≤ 200 µs ${compiled.p99us <= 200 ? 'met' : 'MISSED'}, ≥ 50 000/s ${
      compiled.perSecond >= 50_000 ? 'met' : 'MISSED'
    }, ≥ 10× ${ratio >= 10 ? 'met' : 'MISSED'}`,
  );

  const { results, logged } = await httpBench(set);
  console.log(
    `HTTP evaluate routes (${HTTP_REQUESTS} sequential requests each, keep-alive, decisions logged to SQLite: ${logged}):`,
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `  POST /v1/${name.padEnd(22)} p50 ${r.p50.toFixed(
        2,
      )} ms   p95 ${r.p95.toFixed(2)} ms   target p95 ≤ 5 ms ${
        r.p95 <= 5 ? 'met' : 'MISSED'
      }`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
