/**
 * Benchmark of a generated MCP server, run inside the generated project (after `npm run build`)
 * by plugins/scaffolder-backend-module-mcp/bench/templateBench.ts. Prints one JSON document.
 *
 * 1. Middleware overhead in process: tools/call through the SDK v2 client and an in-memory
 *    transport, bare `McpServer.registerTool` vs the golden path (rate limit, metrics, logging,
 *    the same zod validation), in interleaved rounds of one run.
 * 2. The same over HTTP, for each protocol revision (2026-07-28 stateless requests, 2025-11-25
 *    requests served per request): the bare SDK v2 handler (`createMcpHandler` + `toNodeHandler`
 *    behind the SDK's localhost Host/Origin guards on node:http) vs the skeleton's handler (host,
 *    origin, peer tracking, then the middleware); and the skeleton with JWT authentication.
 * 3. Cold start: spawn `node dist/src/main.js` until it logs "listening" and answers /readyz.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/client';
import {
  localhostHostValidation,
  localhostOriginValidation,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  InMemoryTransport,
  McpServer,
} from '@modelcontextprotocol/server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { z } from 'zod';
import { loadConfig } from '../dist/src/config.js';
import { startHttpServer } from '../dist/src/http/startHttpServer.js';
import { createLogger } from '../dist/src/logger.js';
import { createMcpServerFactory } from '../dist/src/mcpServer.js';
import { ToolMetrics } from '../dist/src/metrics.js';
import { ToolRateLimiter } from '../dist/src/rateLimiter.js';
import { defineTool } from '../dist/src/toolkit.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const CALLS = Number(process.env.BENCH_CALLS ?? 250);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);

const inputSchema = z.object({ text: z.string().max(100) });
const handler = async ({ text }) => ({ content: [{ type: 'text', text }] });

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
const summary = samples => ({
  p50: percentile(samples, 50),
  p90: percentile(samples, 90),
  p99: percentile(samples, 99),
  n: samples.length,
});

function goldenServices() {
  return {
    metrics: new ToolMetrics({ server: 'bench', team: 'bench' }),
    rateLimiter: new ToolRateLimiter({ perMinute: 1e9 }),
    // Production logs a line per call; /dev/null keeps the stream cost and drops the bytes.
    logger: createLogger({
      level: 'info',
      destination: fs.createWriteStream('/dev/null'),
    }),
  };
}

function bareFactory() {
  return () => {
    const server = new McpServer({ name: 'bench', version: '1.0.0' });
    server.registerTool('echo', { description: 'Echo', inputSchema }, handler);
    return server;
  };
}

function goldenFactory() {
  return createMcpServerFactory({
    tools: [
      defineTool({
        name: 'echo',
        title: 'Echo',
        description: 'Echo',
        inputSchema,
        annotations: { readOnlyHint: true },
        handler,
      }),
    ],
    services: goldenServices(),
    version: '1.0.0',
  });
}

/** Alternates batches of the variants so that machine noise hits them alike. */
async function interleaved(variants) {
  const samples = Object.fromEntries(
    Object.keys(variants).map(name => [name, []]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(variants)) {
      for (let i = 0; i < CALLS; i++) {
        const start = process.hrtime.bigint();
        await call(i);
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        if (round > 0) samples[name].push(elapsed); // round 0 warms up
      }
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, summary(s)]),
  );
}

async function inProcess() {
  const connect = async server => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(clientSide);
    return client;
  };
  const bare = await connect(bareFactory()());
  const golden = await connect(goldenFactory()());
  const call = client => i =>
    client.callTool({ name: 'echo', arguments: { text: `hi ${i}` } });
  const result = await interleaved({ bare: call(bare), golden: call(golden) });
  await bare.close();
  await golden.close();
  return result;
}

async function listen(listener) {
  const server = createServer(listener);
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => server.close(),
  };
}

/** The SDK's documented node:http mount, with its localhost guards: the baseline. */
async function bareHttp() {
  const createServer = bareFactory();
  const node = toNodeHandler(createMcpHandler(() => createServer()));
  const validateHost = localhostHostValidation();
  const validateOrigin = localhostOriginValidation();
  return listen((req, res) => {
    if (!validateHost(req, res) || !validateOrigin(req, res)) return;
    void node(req, res);
  });
}

async function goldenHttp(env = {}) {
  const config = loadConfig({
    MCP_ENVIRONMENT: 'development',
    MCP_AUTH_DISABLED: 'true',
    PORT: '0',
    SHUTDOWN_DRAIN_MS: '0',
    ...env,
  });
  const services = goldenServices();
  const http = await startHttpServer({
    config,
    logger: services.logger,
    metrics: services.metrics,
    createMcpServer: goldenFactory(),
  });
  return { url: http.url, close: http.close };
}

async function startIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }],
  };
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(jwks));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, privateKey, close: () => server.close() };
}

async function overHttp() {
  const resource = 'https://bench.mcp.test/mcp';
  const issuer = await startIssuer();
  const token = await new SignJWT({ scope: 'mcp' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k' })
    .setIssuer(issuer.issuer)
    .setAudience(resource)
    .setSubject('user:default/bench')
    .setExpirationTime('1h')
    .sign(issuer.privateKey);
  const servers = {
    bare: await bareHttp(),
    golden: await goldenHttp(),
    goldenJwt: await goldenHttp({
      MCP_ENVIRONMENT: 'production',
      MCP_AUTH_DISABLED: '',
      MCP_PUBLIC_URL: resource,
      OAUTH_ISSUER: issuer.issuer,
      OAUTH_JWKS_URL: `${issuer.issuer}/jwks.json`,
    }),
  };
  // A 2026-07-28 request carries its revision in a _meta envelope and standard headers; a
  // 2025-11-25 request (no initialize needed: that era is served statelessly) carries neither.
  const modernMeta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const call =
    (era, url, headers = {}) =>
    async i => {
      const modern = era === 'modern';
      const response = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(modern
            ? {
                'mcp-protocol-version': '2026-07-28',
                'mcp-method': 'tools/call',
                'mcp-name': 'echo',
              }
            : {}),
          ...headers,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: i,
          method: 'tools/call',
          params: {
            name: 'echo',
            arguments: { text: `hi ${i}` },
            ...(modern ? { _meta: modernMeta } : {}),
          },
        }),
      });
      const text = await response.text();
      if (response.status !== 200 || !text.includes(`hi ${i}`)) {
        throw new Error(
          `unexpected ${era} answer ${response.status}: ${text.slice(0, 200)}`,
        );
      }
    };
  const result = {};
  for (const era of ['modern', 'legacy']) {
    result[era] = await interleaved({
      bare: call(era, servers.bare.url),
      golden: call(era, servers.golden.url),
      goldenJwt: call(era, servers.goldenJwt.url, {
        authorization: `Bearer ${token}`,
      }),
    });
  }
  for (const server of Object.values(servers)) await server.close();
  issuer.close();
  return result;
}

async function coldStart() {
  const once = () =>
    new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, ['dist/src/main.js'], {
        // Production configuration: authentication on (the issuer's keys are fetched lazily).
        env: {
          PATH: process.env.PATH,
          MCP_ENVIRONMENT: 'production',
          MCP_PUBLIC_URL: 'https://bench.mcp.test/mcp',
          OAUTH_ISSUER: 'https://issuer.invalid',
          PORT: '0',
          SHUTDOWN_DRAIN_MS: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      createInterface({ input: child.stdout }).on('line', async text => {
        const line = JSON.parse(text);
        if (line.msg !== 'listening') return;
        const listeningMs = Number(process.hrtime.bigint() - start) / 1e6;
        const ready = await fetch(`${line.url}/readyz`);
        const readyMs = Number(process.hrtime.bigint() - start) / 1e6;
        child.kill('SIGTERM');
        child.once('exit', () =>
          resolve({ listeningMs, readyMs, ok: ready.status === 200 }),
        );
      });
      child.once('error', reject);
    });
  const nodeOnly = () =>
    new Promise(resolve => {
      const start = process.hrtime.bigint();
      spawn(process.execPath, ['-e', '']).once('exit', () =>
        resolve(Number(process.hrtime.bigint() - start) / 1e6),
      );
    });
  const runs = [];
  const bare = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    runs.push(await once());
    bare.push(await nodeOnly());
  }
  return {
    listeningMs: summary(runs.map(r => r.listeningMs)),
    readyMs: summary(runs.map(r => r.readyMs)),
    emptyNodeProcessMs: summary(bare),
    allReady: runs.every(r => r.ok),
  };
}

const results = {
  config: { rounds: ROUNDS, callsPerRound: CALLS, coldStarts: COLD_STARTS },
  inProcess: await inProcess(),
  http: await overHttp(),
  coldStart: await coldStart(),
};
console.log(JSON.stringify(results));
