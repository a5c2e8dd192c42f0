import { dayFromIso } from '../rollups/time';
import { ComputeSumRow, UsageSumRow } from '../database/InsightsStore';
import { costCsv, costCsvRows } from './CostCsvExport';

const DAY1 = dayFromIso('2026-11-14');
const LEDGER = 'api:default/ledger';
const PAYMENTS = 'group:default/payments';

const usageRow = (rest: Partial<UsageSumRow>): UsageSumRow => ({
  ts: DAY1,
  serverRef: LEDGER,
  teamRef: PAYMENTS,
  calls: 0,
  errors: 0,
  durationSumMs: 0,
  latency: [],
  tokenCost: 0,
  otherCost: 0,
  ...rest,
});
const compute: ComputeSumRow[] = [
  { day: DAY1, serverRef: LEDGER, teamRef: PAYMENTS, hours: 24, cost: 0.6 },
];

describe('the cost CSV', () => {
  it('has one row per day and server at server level, with calls and every kind of spend', () => {
    const rows = costCsvRows({
      level: 'server',
      usage: [usageRow({ calls: 20, errors: 1, tokenCost: 2, otherCost: 10 })],
      tools: [],
      compute,
    });
    expect(costCsv(rows, 'USD').split('\r\n')).toEqual([
      'date,team,server,tool,calls,errors,compute_cost,llm_token_cost,other_cost,total_cost,currency',
      `2026-11-14,${PAYMENTS},${LEDGER},*,20,1,0.6,2,10,12.6,USD`,
      '',
    ]);
  });

  it("charges each tool its own spend at tool level and leaves the rest on a '(shared)' row", () => {
    const rows = costCsvRows({
      level: 'tool',
      usage: [usageRow({ calls: 30, tokenCost: 5, otherCost: 10 })],
      tools: [
        usageRow({ toolName: 'refund', calls: 20, otherCost: 10 }),
        usageRow({ toolName: 'get', calls: 10, tokenCost: 3 }),
      ],
      compute,
    });
    expect(costCsv(rows, 'EUR').split('\r\n').slice(1, -1)).toEqual([
      `2026-11-14,${PAYMENTS},${LEDGER},(shared),0,0,0.6,2,0,2.6,EUR`,
      `2026-11-14,${PAYMENTS},${LEDGER},get,10,0,0,3,0,3,EUR`,
      `2026-11-14,${PAYMENTS},${LEDGER},refund,20,0,0,0,10,10,EUR`,
    ]);
  });

  it('never writes negative spend nor a cell a spreadsheet would run as a formula', () => {
    const rows = costCsvRows({
      level: 'tool',
      usage: [usageRow({ tokenCost: 1 })],
      // Rounding in the rollups can leave the tools a hair above the all-tools row.
      tools: [usageRow({ toolName: '=cmd()', calls: 1, tokenCost: 1.000001 })],
      compute: [],
    });
    const lines = costCsv(rows, 'USD').split('\r\n');
    expect(lines).toContain(
      `2026-11-14,${PAYMENTS},${LEDGER},(shared),0,0,0,0,0,0,USD`,
    );
    expect(lines).toContain(
      `2026-11-14,${PAYMENTS},${LEDGER},'=cmd(),1,0,0,1.000001,0,1.000001,USD`,
    );
  });
});
