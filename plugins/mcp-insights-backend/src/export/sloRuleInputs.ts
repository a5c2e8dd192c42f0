import { InsightsSettings } from '../config/readInsightsConfig';
import { ServerRecord } from '../database/InsightsStore';
import { SloEvaluator } from '../slo/SloEvaluator';
import { SloRuleInput } from './prometheusRules';

/** The SLOs to generate rules for: each server's objectives and each configured tool's. */
export function sloRuleInputs(
  servers: ServerRecord[],
  slos: Pick<SloEvaluator, 'resolve'>,
  settings: InsightsSettings['slo'],
): SloRuleInput[] {
  const inputs: SloRuleInput[] = [];
  for (const server of servers) {
    const base = {
      serverName: server.name,
      serverRef: server.serverRef,
      team: server.teamRef,
    };
    for (const objective of slos.resolve(server).objectives) {
      inputs.push({ ...base, objective });
    }
    for (const entry of settings.objectives) {
      if (entry.server !== server.serverRef || !entry.tool) continue;
      for (const objective of slos.resolve(server, entry.tool).objectives) {
        inputs.push({ ...base, tool: entry.tool, objective });
      }
    }
  }
  return inputs;
}
