import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../src/logger.js';
import { ToolRateLimiter } from '../src/rateLimiter.js';

describe('logger', () => {
  it('writes one JSON line per event with secrets redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: { write: line => lines.push(line) },
    }).child({
      server: 's',
    });
    const jwt = [
      'eyJhbGciOiJFUzI1NiJ9',
      'eyJzdWIiOiJhbGljZSJ9',
      'c2lnbmF0dXJlLXZhbHVl',
    ].join('.');
    logger.info('calling upstream', {
      // Fixtures of secrets that must not reach the log. golden-path-lint: allow-secret
      headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k-123456' }, // golden-path-lint: allow-secret
      clientSecret: 's3cr3t-value', // golden-path-lint: allow-secret
      inputTokens: 42,
      note: `retrying with ${jwt}`,
      url: 'https://api.example.com/v1?access_token=abcdef123&page=2',
    });
    logger.debug('hidden at info level');
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith('\n'));
    const line = JSON.parse(lines[0]!);
    assert.equal(line.level, 'info');
    assert.equal(line.msg, 'calling upstream');
    assert.equal(line.server, 's');
    assert.deepEqual(line.headers, {
      Authorization: '[REDACTED]',
      'x-api-key': '[REDACTED]',
    });
    assert.equal(line.clientSecret, '[REDACTED]');
    assert.equal(line.inputTokens, 42);
    assert.equal(line.note, 'retrying with [REDACTED_JWT]');
    assert.equal(
      line.url,
      'https://api.example.com/v1?access_token=[REDACTED]&page=2',
    );
  });
});

describe('ToolRateLimiter', () => {
  it('allows a burst, then refills at the per-minute rate, per tool', () => {
    let now = 0;
    const limiter = new ToolRateLimiter({
      perMinute: 60,
      burst: 2,
      now: () => now,
    });
    assert.deepEqual(limiter.take('a', 'alice'), { allowed: true });
    assert.deepEqual(limiter.take('a', 'alice'), { allowed: true });
    assert.deepEqual(limiter.take('a', 'alice'), {
      allowed: false,
      retryAfterMs: 1000,
    });
    assert.deepEqual(limiter.take('b', 'alice'), { allowed: true });
    now = 500;
    assert.deepEqual(limiter.take('a', 'alice'), {
      allowed: false,
      retryAfterMs: 500,
    });
    now = 1000;
    assert.deepEqual(limiter.take('a', 'alice'), { allowed: true });
  });

  it('keeps one bucket per caller, so one client cannot use up the limit of others', () => {
    const limiter = new ToolRateLimiter({ perMinute: 1, now: () => 0 });
    assert.deepEqual(limiter.take('a', 'alice'), { allowed: true });
    assert.equal(limiter.take('a', 'alice').allowed, false);
    assert.deepEqual(limiter.take('a', 'bob'), { allowed: true });
  });

  it('bounds its memory, forgetting refilled buckets before draining ones', () => {
    let now = 0;
    const limiter = new ToolRateLimiter({
      perMinute: 60,
      burst: 1,
      maxBuckets: 10,
      now: () => now,
    });
    for (let i = 0; i < 10; i++) limiter.take('a', `caller-${i}`);
    assert.equal(limiter.size, 10);
    now = 1000; // every bucket has refilled
    limiter.take('a', 'newcomer');
    assert.equal(limiter.size, 1);
    assert.equal(limiter.take('a', 'newcomer').allowed, false);

    // Every bucket still draining: the oldest tenth goes, the newest keep their state.
    for (let i = 0; i < 9; i++) limiter.take('a', `busy-${i}`);
    limiter.take('a', 'one-too-many');
    assert.equal(limiter.size, 10);
    assert.equal(limiter.take('a', 'busy-8').allowed, false);
  });
});
