import {
  CONFORMANCE_SCENARIOS,
  runConformanceScenario as runScenario,
} from '@mcp-platform/test-utils';
import { withConformanceFixtures } from './conformanceFixtures';
import {
  McpProtocolRevision,
  RunningExampleServer,
  startExampleServer,
} from './exampleServer';
import { exampleServerFactories } from './startAllExampleServers';
import { ToolMetrics } from './toolMetrics';

/*
 * Runs the official MCP conformance suite (its CLI, as a child process) against every example
 * server, for each revision the server declares: the generic server scenarios of 2025-11-25 and
 * of 2026-07-28. A failed or warned check fails the test and is named in its message.
 */

/** Scenarios that call the suite's diagnostic tools by name (see conformanceFixtures.ts). */
const needsFixtures = new Set(['server-stateless']);
const scenarios = CONFORMANCE_SCENARIOS;

describe('conformance of the example MCP servers', () => {
  const plain = new Map<string, RunningExampleServer>();
  const withFixtures = new Map<string, RunningExampleServer>();

  beforeAll(async () => {
    for (const factory of exampleServerFactories) {
      const definition = factory.create(
        new ToolMetrics({ server: factory.name, team: factory.team }),
      );
      plain.set(factory.name, await startExampleServer(definition));
      if (definition.revisions.includes('2026-07-28'))
        withFixtures.set(
          factory.name,
          await startExampleServer(withConformanceFixtures(definition)),
        );
    }
  });
  afterAll(async () => {
    await Promise.all(
      [...plain.values(), ...withFixtures.values()].map(s => s.close()),
    );
  });

  const cases = exampleServerFactories.flatMap(factory =>
    factory
      .create(new ToolMetrics({ server: factory.name, team: factory.team }))
      .revisions.flatMap(revision =>
        scenarios[revision].map(scenario => [factory.name, revision, scenario]),
      ),
  );

  it.each(cases)(
    '%s passes %s scenario %s',
    async (name, revision, scenario) => {
      const server = needsFixtures.has(scenario)
        ? withFixtures.get(name)!
        : plain.get(name)!;
      const { exitCode, output, checks } = await runScenario(
        server.url,
        scenario,
        revision as McpProtocolRevision,
      );
      const notPassed = checks
        .filter(c => c.status === 'FAILURE' || c.status === 'WARNING')
        .map(c => `${c.status} ${c.id}: ${c.errorMessage ?? ''}`);
      expect(notPassed).toEqual([]);
      expect(checks.filter(c => c.status === 'SUCCESS').length).toBeGreaterThan(
        0,
      );
      if (exitCode !== 0)
        throw new Error(`conformance exited ${exitCode}:\n${output}`);
    },
    120_000,
  );

  it('covers every revision each server declares', () => {
    expect(
      Object.fromEntries(
        exampleServerFactories.map(f => [
          f.name,
          [...new Set(cases.filter(c => c[0] === f.name).map(c => c[1]))],
        ]),
      ),
    ).toEqual({
      'payments-ledger': ['2026-07-28', '2025-11-25'],
      'analytics-warehouse': ['2026-07-28'],
      'support-desk': ['2026-07-28', '2025-11-25'],
      'model-gateway': ['2025-11-25'],
    });
  });
});
