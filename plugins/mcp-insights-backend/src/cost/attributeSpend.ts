import { DIRECT_USAGE } from '@mcp-platform/plugin-mcp-insights-common';
import { ComputeSumRow, UsageSumRow } from '../database/InsightsStore';
import { addInto, Amounts, zero } from './amounts';

/** A server's spend on one day charged to one consumer: a team, `unallocated` or `direct`. */
export interface Attribution {
  day: number;
  serverRef: string;
  consumer: string;
  calls: number;
  errors: number;
  amounts: Amounts;
}

/**
 * Charges each server's daily spend to the teams whose calls the MCP gateway relayed that day,
 * in proportion to their calls; a day without relayed calls is `direct` with the server's own
 * calls. So every server-day's spend is charged exactly once.
 *
 * @param options - daily sums per server and day: `usage` (the servers' own all-tools rows),
 *   `compute` (compute cost rows) and `relayed` (the gateway's rows per consuming team)
 */
export function attributeSpend(options: {
  usage: UsageSumRow[];
  compute: ComputeSumRow[];
  relayed: UsageSumRow[];
}): Attribution[] {
  const { usage, compute, relayed } = options;
  type ServerDay = {
    day: number;
    serverRef: string;
    amounts: Amounts;
    calls: number;
    errors: number;
    consumers: { consumer: string; calls: number; errors: number }[];
  };
  const days = new Map<string, ServerDay>();
  const dayOf = (serverRef: string, day: number) => {
    const key = `${serverRef}\u0000${day}`;
    let d = days.get(key);
    if (!d) {
      d = {
        day,
        serverRef,
        amounts: zero(),
        calls: 0,
        errors: 0,
        consumers: [],
      };
      days.set(key, d);
    }
    return d;
  };
  for (const u of usage) {
    const d = dayOf(u.serverRef!, u.ts!);
    d.amounts.llmTokens += u.tokenCost;
    d.amounts.other += u.otherCost;
    d.calls += u.calls;
    d.errors += u.errors;
  }
  for (const c of compute)
    dayOf(c.serverRef!, c.day!).amounts.compute += c.cost;
  for (const r of relayed) {
    if (r.calls > 0)
      dayOf(r.serverRef!, r.ts!).consumers.push({
        consumer: r.consumerTeamRef!,
        calls: r.calls,
        errors: r.errors,
      });
  }
  const rows: Attribution[] = [];
  for (const d of days.values()) {
    const relayedCalls = d.consumers.reduce((s, c) => s + c.calls, 0);
    if (relayedCalls === 0) {
      rows.push({
        day: d.day,
        serverRef: d.serverRef,
        consumer: DIRECT_USAGE,
        calls: d.calls,
        errors: d.errors,
        amounts: d.amounts,
      });
      continue;
    }
    for (const c of d.consumers) {
      const amounts = zero();
      addInto(amounts, d.amounts, c.calls / relayedCalls);
      rows.push({
        day: d.day,
        serverRef: d.serverRef,
        consumer: c.consumer,
        calls: c.calls,
        errors: c.errors,
        amounts,
      });
    }
  }
  return rows;
}
