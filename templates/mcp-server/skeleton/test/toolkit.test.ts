import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { createLogger } from '../src/logger.js';
import { ToolMetrics } from '../src/metrics.js';
import { ToolRateLimiter } from '../src/rateLimiter.js';
import { runForPeer } from '../src/requestPeer.js';
import {
  defineTool,
  jsonResult,
  withGoldenPathMiddleware,
} from '../src/toolkit.js';
import { textOf } from './helpers.js';

/** The parts of the SDK's request context the middleware reads. */
function contextFor(subject?: string): ServerContext {
  return {
    mcpReq: { id: 1, signal: new AbortController().signal },
    http: subject
      ? {
          authInfo: {
            token: 't',
            clientId: 'cli',
            scopes: [],
            extra: { subject },
          },
        }
      : undefined,
  } as unknown as ServerContext;
}

describe('golden-path middleware', () => {
  const tool = defineTool({
    name: 'lookup',
    title: 'Lookup',
    description: 'Looks up',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: (_args, { caller }) => jsonResult({ caller: caller?.subject }),
  });
  const guarded = () =>
    withGoldenPathMiddleware(tool, {
      metrics: new ToolMetrics({ server: 's', team: 't' }),
      rateLimiter: new ToolRateLimiter({ perMinute: 1 }),
      logger: createLogger({ destination: { write: () => {} } }),
    });

  it('limits anonymous HTTP callers by network address', async () => {
    const handler = guarded();
    const call = (address: string) =>
      runForPeer(address, () => handler({}, contextFor()));
    assert.equal((await call('10.0.0.1')).isError, undefined);
    assert.match(textOf(await call('10.0.0.1')), /^Rate limit exceeded/);
    assert.equal((await call('10.0.0.2')).isError, undefined);
  });

  it('limits authenticated callers by token subject, wherever they call from', async () => {
    const handler = guarded();
    const call = (address: string, subject: string) =>
      runForPeer(address, () => handler({}, contextFor(subject)));
    assert.equal((await call('10.0.0.1', 'alice')).isError, undefined);
    assert.match(textOf(await call('10.0.0.2', 'alice')), /^Rate limit/);
    assert.equal((await call('10.0.0.1', 'bob')).isError, undefined);
  });
});
