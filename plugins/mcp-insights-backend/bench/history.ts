/**
 * The rollup history the insights benchmark reads: written straight into the store, as months
 * of collection and gateway metering would have left it.
 */
import { ConfigReader } from '@backstage/config';
import { seededRandom } from '@mcp-platform/bench-utils';
import { performance } from 'node:perf_hooks';
import { readInsightsConfig } from '../src/config/readInsightsConfig';
import { computeCostRows } from '../src/cost/ComputeCostAccrual';
import { CostModel } from '../src/cost/CostModel';
import { emptyLatency, latencyOfCall } from '../src/rollups/latencyBuckets';
import { UsageIncrement } from '../src/rollups/UsageIncrement';
import { Backend } from './benchBackend';
import { CONFIG, fleetServers, fleetTeams } from './benchOrganisation';
import {
  DAYS,
  GATEWAY_DAYS,
  MODELS,
  serverRef,
  SERVERS,
  team,
  TEAMS,
  TOOLS,
} from './benchSettings';

/**
 * 2 and 3: DAYS of hourly rollups for every server (2 tools each, tokens on a fifth, a few slow
 * calls and errors, office-hours shaped), and compute cost rows for every day, as collection
 * would have left them.
 */
export async function seedHistory(
  backend: Backend,
): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const { store } = backend;
  const servers = fleetServers();
  await store.syncServers(servers, servers[0].firstSeenAt);
  await store.syncTeams(fleetTeams());
  const rand = seededRandom(11);
  const costModel = new CostModel(
    readInsightsConfig(new ConfigReader(CONFIG)).cost,
  );
  const fast = latencyOfCall(80);
  const slow = latencyOfCall(2600);
  const nowHour = Math.floor(Date.now() / 3_600_000);
  const firstHour = nowHour - DAYS * 24;
  let increments = 0;
  for (let dayStart = firstHour; dayStart <= nowHour; dayStart += 24) {
    const batch: UsageIncrement[] = [];
    for (
      let hour = dayStart;
      hour < Math.min(dayStart + 24, nowHour + 1);
      hour++
    ) {
      const office = Math.exp(-(((hour % 24) - 13) ** 2) / 18);
      for (let s = 0; s < SERVERS; s++) {
        for (const tool of TOOLS.slice(0, 2)) {
          const calls = Math.round((5 + 60 * office) * (0.5 + rand()));
          const errors = rand() < 0.2 ? Math.round(calls * 0.02 * rand()) : 0;
          const slowCalls = Math.round(calls * 0.02 * rand());
          const latency = emptyLatency();
          for (let i = 0; i < latency.length; i++) {
            latency[i] = fast[i] * (calls - slowCalls) + slow[i] * slowCalls;
          }
          const increment: UsageIncrement = {
            timestampMs: hour * 3_600_000 + 1000,
            serverRef: serverRef(s),
            teamRef: team(s % TEAMS),
            toolName: tool,
            calls,
            errors,
            durationSumMs: calls * 120,
            latency,
            otherCost: 0,
          };
          if (s % 5 === 0) {
            const model = MODELS[s % 3];
            const input = calls * 1500;
            const output = calls * 200;
            increment.tokens = [
              {
                model,
                input,
                output,
                cached: 0,
                cost: costModel.tokenCost(model, input, output, 0)!,
              },
            ];
          }
          batch.push(increment);
        }
      }
    }
    increments += batch.length;
    await store.recordUsage(batch, Date.now() - 8 * 3_600_000);
  }
  // Compute cost rows for every day, as daily collection runs would have left them.
  const computeRows = [];
  for (let day = 0; day <= DAYS; day++) {
    const at = Date.now() - day * 86_400_000;
    const dayTs = Math.floor(at / 86_400_000) * 86_400;
    computeRows.push(
      ...computeCostRows(servers, at, costModel).filter(r => r.dayTs === dayTs),
    );
  }
  await store.upsertComputeCosts(computeRows);
  return { rows: increments, ms: performance.now() - start };
}

/**
 * 30 days of calls relayed by the gateway for every fifth server, for two consuming teams: the
 * calls of the first tool the server's own metrics counted (seedHistory), as the gateway saw
 * them (a little slower).
 */
export async function seedGatewayHistory(
  backend: Backend,
): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const rand = seededRandom(17);
  const seen = latencyOfCall(95);
  const nowHour = Math.floor(Date.now() / 3_600_000);
  let increments = 0;
  for (let day = GATEWAY_DAYS; day >= 0; day--) {
    const batch: UsageIncrement[] = [];
    for (
      let hour = nowHour - day * 24 - 23;
      hour <= nowHour - day * 24;
      hour++
    ) {
      const office = Math.exp(-(((hour % 24) - 13) ** 2) / 18);
      for (let s = 1; s < SERVERS; s += 5) {
        for (const c of [1, 2]) {
          const calls = Math.round((5 + 30 * office) * (0.5 + rand()));
          batch.push({
            timestampMs: hour * 3_600_000 + 1000,
            serverRef: serverRef(s),
            teamRef: team(s % TEAMS),
            toolName: TOOLS[0],
            calls,
            errors: rand() < 0.2 ? 1 : 0,
            durationSumMs: calls * 140,
            latency: seen.map(v => v * calls),
            otherCost: 0,
            gateway: {
              consumerTeamRef: team((s + c) % TEAMS),
              requestBytes: calls * 400,
              responseBytes: calls * 4000,
              estimatedInputTokens: calls * 100,
              estimatedOutputTokens: calls * 1000,
            },
          });
        }
      }
    }
    increments += batch.length;
    await backend.store.recordUsage(batch, Date.now() - 8 * 3_600_000);
  }
  return { rows: increments, ms: performance.now() - start };
}
