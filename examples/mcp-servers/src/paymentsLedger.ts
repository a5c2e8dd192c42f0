import { z } from 'zod';
import { ExampleServerDefinition } from './exampleServer';
import { ToolInputError, defineTool, jsonResult } from './exampleTool';

interface Payment {
  id: string;
  accountId: string;
  amountCents: number;
  currency: 'EUR' | 'USD' | 'GBP';
  merchant: string;
  status: 'settled' | 'pending' | 'refunded' | 'partially_refunded';
  refundedCents: number;
  createdAt: string;
  flaggedForReview?: string;
}

const merchants = [
  'Acme Books',
  'Northwind Coffee',
  'Globex Travel',
  'Initech SaaS',
  'Umbrella Health',
];
const currencies = ['EUR', 'USD', 'GBP'] as const;

function seedPayments(): Payment[] {
  const payments: Payment[] = [];
  for (let i = 1; i <= 60; i++) {
    payments.push({
      id: `pay_${String(1000 + i)}`,
      accountId: `acc_${String(100 + (i % 6))}`,
      amountCents: 500 + ((i * 7919) % 250000),
      currency: currencies[i % 3],
      merchant: merchants[i % merchants.length],
      status: i % 11 === 0 ? 'pending' : 'settled',
      refundedCents: 0,
      createdAt: new Date(
        Date.UTC(2026, 9, 1 + (i % 28), i % 24),
      ).toISOString(),
    });
  }
  return payments;
}

// Mirrored into the Mcp-Param-Account header by 2026-07-28 clients, so a gateway can route,
// rate-limit and audit per account without reading request bodies.
const accountIdSchema = z
  .string()
  .regex(/^acc_\d+$/)
  .describe('Account id, e.g. "acc_101"')
  .meta({ 'x-mcp-header': 'Account' });

/** A read-mostly payments ledger owned by the payments team; holds confidential data. */
export function createPaymentsLedger(): ExampleServerDefinition {
  const payments = seedPayments();
  const findPayment = (paymentId: string) => {
    const payment = payments.find(p => p.id === paymentId);
    if (!payment) {
      throw new ToolInputError(
        `Payment ${paymentId} not found. Payment ids look like "pay_1001"; use list_transactions to find one.`,
      );
    }
    return payment;
  };

  return {
    name: 'payments-ledger',
    title: 'Payments ledger',
    version: '1.4.2',
    team: 'payments',
    revisions: ['2026-07-28', '2025-11-25'],
    sse: true,
    instructions:
      'Read balances and transactions of customer accounts. Refunds are irreversible: confirm the amount with the user first.',
    tools: [
      defineTool({
        name: 'get_account_balance',
        title: 'Get account balance',
        description:
          'Returns the settled and pending balance of a customer account, per currency. Amounts are in minor units (cents).',
        inputSchema: {
          accountId: accountIdSchema,
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ accountId }) => {
          const own = payments.filter(p => p.accountId === accountId);
          if (own.length === 0)
            throw new ToolInputError(
              `Account ${accountId} has no payments or does not exist.`,
            );
          const balances: Record<
            string,
            { settledCents: number; pendingCents: number }
          > = {};
          for (const p of own) {
            const b = (balances[p.currency] ??= {
              settledCents: 0,
              pendingCents: 0,
            });
            const net = p.amountCents - p.refundedCents;
            if (p.status === 'pending') b.pendingCents += net;
            else b.settledCents += net;
          }
          return jsonResult({ accountId, balances });
        },
      }),
      defineTool({
        name: 'list_transactions',
        title: 'List transactions',
        description:
          'Lists payments of an account, newest first, with cursor paging. Use the returned nextCursor to get the next page.',
        inputSchema: {
          accountId: accountIdSchema,
          status: z
            .enum(['settled', 'pending', 'refunded', 'partially_refunded'])
            .optional()
            .describe('Only payments in this status'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .describe('Page size'),
          cursor: z
            .string()
            .optional()
            .describe('nextCursor of the previous page'),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ accountId, status, limit, cursor }) => {
          const matching = payments
            .filter(
              p =>
                p.accountId === accountId && (!status || p.status === status),
            )
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          const start = cursor
            ? Number(Buffer.from(cursor, 'base64url').toString())
            : 0;
          if (!Number.isInteger(start) || start < 0)
            throw new ToolInputError(
              'Invalid cursor: pass nextCursor from a previous page unchanged.',
            );
          const page = matching.slice(start, start + limit);
          const next =
            start + limit < matching.length
              ? Buffer.from(String(start + limit)).toString('base64url')
              : undefined;
          return jsonResult({ transactions: page, nextCursor: next ?? null });
        },
      }),
      defineTool({
        name: 'get_payment',
        title: 'Get payment',
        description:
          'Returns one payment with its merchant, amount, status and refunds.',
        inputSchema: {
          paymentId: z.string().describe('Payment id, e.g. "pay_1001"'),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ paymentId }) =>
          jsonResult({ payment: findPayment(paymentId) }),
      }),
      defineTool({
        name: 'refund_payment',
        title: 'Refund a payment',
        description:
          'Refunds a settled payment fully or partially. Irreversible: money leaves the company. Pending payments cannot be refunded.',
        inputSchema: {
          paymentId: z.string().describe('Payment id, e.g. "pay_1001"'),
          amountCents: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Partial refund amount in cents; omit for a full refund'),
          reason: z
            .enum([
              'duplicate',
              'fraudulent',
              'requested_by_customer',
              'service_not_delivered',
            ])
            .describe('Why the payment is refunded'),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: false,
          openWorldHint: true,
        },
        handler: ({ paymentId, amountCents, reason }) => {
          const payment = findPayment(paymentId);
          if (payment.status === 'pending')
            throw new ToolInputError(
              `Payment ${paymentId} is still pending; refund it after it settles.`,
            );
          const refundable = payment.amountCents - payment.refundedCents;
          const amount = amountCents ?? refundable;
          if (amount > refundable)
            throw new ToolInputError(
              `At most ${refundable} cents of ${paymentId} can still be refunded.`,
            );
          payment.refundedCents += amount;
          payment.status =
            payment.refundedCents === payment.amountCents
              ? 'refunded'
              : 'partially_refunded';
          return jsonResult({
            refund: {
              paymentId,
              amountCents: amount,
              currency: payment.currency,
              reason,
            },
            payment,
          });
        },
      }),
      defineTool({
        name: 'flag_transaction_for_review',
        title: 'Flag a transaction for review',
        description:
          'Marks a payment for manual review by the risk team, with a note. Flagging twice replaces the note.',
        inputSchema: {
          paymentId: z.string().describe('Payment id, e.g. "pay_1001"'),
          note: z
            .string()
            .min(5)
            .max(500)
            .describe('Why the payment looks suspicious'),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
        handler: ({ paymentId, note }) => {
          const payment = findPayment(paymentId);
          payment.flaggedForReview = note;
          return jsonResult({ paymentId, flagged: true });
        },
      }),
    ],
    registerExtras: server => {
      server.registerPrompt(
        'refund_with_confirmation',
        {
          title: 'Refund with confirmation',
          description:
            'Walks through a refund: look the payment up, state the amount, refund only after the user confirms',
          argsSchema: z.object({
            paymentId: z.string().describe('Payment id, e.g. "pay_1001"'),
            reason: z
              .enum([
                'duplicate',
                'fraudulent',
                'requested_by_customer',
                'service_not_delivered',
              ])
              .optional(),
          }),
        },
        ({ paymentId, reason }) => ({
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: `Look up payment ${paymentId} with get_payment and tell me how much can still be refunded. Ask me to confirm the amount${
                  reason ? ` and the reason "${reason}"` : ' and a reason'
                } before calling refund_payment; refunds cannot be undone.`,
              },
            },
          ],
        }),
      );
      server.registerResource(
        'supported-currencies',
        'ledger://currencies',
        {
          title: 'Supported currencies',
          description: 'Currencies the ledger settles in',
          mimeType: 'application/json',
        },
        async uri => ({
          contents: [
            {
              uri: uri.href,
              mimeType: 'application/json',
              text: JSON.stringify(currencies),
            },
          ],
        }),
      );
    },
  };
}
