import { startExampleServer } from './exampleServer';
import { createSupportDesk } from './supportDesk';
import { ToolMetrics } from './toolMetrics';
import { ExampleToolClient } from './ExampleToolClient';
import { withInjectedFaults } from './injectedFaults';
import { seededRandom } from './randomness';
import { startUsageGenerator } from './usageGenerator';
import { generateUsageHistory } from './usageHistory';

describe('usage generator', () => {
  it('drives a server with calls whose injected failures and delays show in its metrics', async () => {
    const metrics = new ToolMetrics({
      server: 'support-desk',
      team: 'customer-success',
    });
    const definition = withInjectedFaults(createSupportDesk(), {
      slowShare: 0.5,
      slowMs: [30, 40],
      failureShare: 0.5,
      random: seededRandom(1),
    });
    const server = await startExampleServer(definition, { metrics });
    try {
      const problems: string[] = [];
      const generator = startUsageGenerator({
        servers: [server],
        callsPerMinute: 6000,
        random: seededRandom(2),
        onError: error => problems.push(error.message),
      });
      const made = () =>
        [...generator.counts.values()].reduce(
          (s, c) => ({ calls: s.calls + c.calls, errors: s.errors + c.errors }),
          { calls: 0, errors: 0 },
        );
      // Count calls, not time, so a loaded machine only makes the test slower.
      while (made().calls < 20 && problems.length === 0)
        await new Promise(r => setTimeout(r, 20));
      await generator.stop();
      expect(problems).toEqual([]);
      const { calls, errors } = made();
      expect(errors).toBeGreaterThan(0);
      const text = await (await fetch(server.metricsUrl)).text();
      const counted = (status: string) =>
        [
          ...text.matchAll(
            new RegExp(
              `mcp_tool_invocations_total\\{[^}]*status="${status}"[^}]*\\} (\\d+)`,
              'g',
            ),
          ),
        ].reduce((s, m) => s + Number(m[1]), 0);
      expect(counted('success') + counted('error')).toBe(calls);
      expect(counted('error')).toBe(errors);
      // Half the calls waited 30–40 ms: the histogram has calls above 25 ms.
      expect(text).toMatch(/mcp_tool_duration_seconds_bucket\{le="0.025"/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('calls a tool over MCP and reports tool errors', async () => {
    const server = await startExampleServer(createSupportDesk());
    const client = new ExampleToolClient(server.url);
    try {
      expect(await client.call('get_ticket', { ticketId: 'T-2000' })).toEqual({
        isError: false,
      });
      expect(await client.call('get_ticket', { ticketId: 'T-9999' })).toEqual({
        isError: true,
      });
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('generates repeatable history with office hours, tokens, errors and slow calls', () => {
    const now = Date.UTC(2026, 10, 15, 12, 0, 0);
    const events = generateUsageHistory({ days: 7, now });
    expect(generateUsageHistory({ days: 7, now })).toEqual(events);
    expect(new Set(events.map(e => e.id)).size).toBe(events.length);
    expect(events.every(e => Date.parse(e.timestamp) < now)).toBe(true);
    expect(events.some(e => e.outcome === 'error')).toBe(true);
    expect(events.some(e => (e.durationMs ?? 0) > 2000)).toBe(true);
    expect(
      new Set(events.flatMap(e => (e.tokens ?? []).map(t => t.model))),
    ).toEqual(
      new Set([
        'gpt-4o-mini',
        'claude-3-5-haiku-20241022',
        'text-embedding-3-small',
      ]),
    );
    const atHour = (h: number) =>
      events.filter(e => new Date(e.timestamp).getUTCHours() === h).length;
    expect(atHour(13)).toBeGreaterThan(atHour(3) * 2);
  });
});
