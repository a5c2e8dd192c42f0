import { pick, weightedBy } from './randomness';

/** A tool call the generator makes, with how often relative to the server's other calls. */
export interface TrafficCall {
  tool: string;
  weight: number;
  args: (random: () => number) => Record<string, unknown>;
  /** Calls that fail on purpose (unknown ids), as real clients' mistakes do. */
  fails?: boolean;
  /**
   * Through the gateway, the consumer that makes this call (the owning team's service, for a
   * tool that is not read-only); else one of the server's {@link demoCallers}.
   */
  by?: string;
}

/** Realistic call mixes per example server: mostly reads, some writes, some mistakes. */
export const exampleTraffic: Record<string, TrafficCall[]> = {
  'payments-ledger': [
    {
      tool: 'get_account_balance',
      weight: 30,
      args: r => ({ accountId: `acc_${100 + Math.floor(r() * 6)}` }),
    },
    {
      tool: 'list_transactions',
      weight: 25,
      args: r => ({ accountId: `acc_${100 + Math.floor(r() * 6)}` }),
    },
    {
      tool: 'get_payment',
      weight: 30,
      args: r => ({ paymentId: `pay_${1001 + Math.floor(r() * 60)}` }),
    },
    {
      tool: 'get_payment',
      weight: 0.03,
      args: () => ({ paymentId: 'pay_9999' }),
      fails: true,
    },
    {
      tool: 'flag_transaction_for_review',
      weight: 3,
      by: 'finance-reconciler',
      args: r => ({
        paymentId: `pay_${1001 + Math.floor(r() * 60)}`,
        note: 'Unusual amount for this merchant',
      }),
    },
  ],
  'analytics-warehouse': [
    { tool: 'list_tables', weight: 10, args: () => ({}) },
    {
      tool: 'describe_table',
      weight: 15,
      args: r => ({ table: pick(r, ['growth.signups', 'finance.revenue']) }),
    },
    {
      tool: 'aggregate_metric',
      weight: 40,
      args: r =>
        pick(r, [
          {
            table: 'growth.signups',
            column: 'signups',
            aggregation: 'sum',
            groupBy: 'region',
          },
          {
            table: 'finance.revenue',
            column: 'revenue_eur',
            aggregation: 'avg',
            groupBy: 'plan',
          },
        ]),
    },
    {
      tool: 'describe_table',
      weight: 0.15,
      args: () => ({ table: 'sales.pipeline' }),
      fails: true,
    },
  ],
  'support-desk': [
    {
      tool: 'search_tickets',
      weight: 35,
      args: r => ({
        query: pick(r, ['refund', 'login', 'invoice', '']),
        limit: 10,
      }),
    },
    {
      tool: 'get_ticket',
      weight: 30,
      args: r => ({ ticketId: `T-${2000 + Math.floor(r() * 20)}` }),
    },
    {
      tool: 'get_ticket',
      weight: 0.1,
      args: () => ({ ticketId: 'T-9999' }),
      fails: true,
    },
    {
      tool: 'create_ticket',
      weight: 5,
      by: 'support-assistant',
      args: r => ({
        customerEmail: `customer${Math.floor(r() * 100)}@example.com`,
        subject: 'Cannot download my invoice',
        body: 'The download button does nothing.',
      }),
    },
  ],
  'model-gateway': [
    { tool: 'list_models', weight: 5, args: () => ({}) },
    {
      tool: 'classify_text',
      weight: 35,
      args: r => ({
        text: pick(r, [
          'My card was charged twice for the same order, please refund one.',
          'How do I reset my password? The email never arrives.',
          'Your new dashboard is great, thanks!',
        ]),
        labels: ['billing', 'account', 'feedback'],
      }),
    },
    {
      tool: 'summarize_text',
      weight: 30,
      args: r => ({
        text: 'The quarterly review covered revenue growth in EMEA. Churn fell for the third quarter. '.repeat(
          1 + Math.floor(r() * 20),
        ),
        maxSentences: 2,
      }),
    },
    {
      tool: 'embed_text',
      weight: 30,
      args: r => ({
        texts: Array.from(
          { length: 1 + Math.floor(r() * 8) },
          (_, i) => `document ${i} about payments and refunds`,
        ),
      }),
    },
  ],
};

/** One of a server's calls, by the calls' weights. */
export function weighted(
  random: () => number,
  calls: TrafficCall[],
): TrafficCall {
  return weightedBy(random, calls, c => c.weight)!;
}
