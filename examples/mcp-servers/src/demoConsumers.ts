/**
 * The services that call the example servers through the MCP gateway in the demo: each is a
 * Backstage service principal with a static token (`backend.auth.externalAccess` in the
 * development `app-config.yaml`) that the gateway maps to the team it calls for
 * (`mcpGateway.consumers`), so its calls are decided, limited and charged as that team's.
 * A test keeps this list and `app-config.yaml` in agreement.
 */
export interface DemoConsumer {
  /** The static token's subject, e.g. `support-assistant`. */
  subject: string;
  /** The team it calls for, a group ref. */
  team: string;
  /**
   * Its static token, development only: the development config lets anyone sign in as a
   * platform-team member anyway, and the token is good for the gateway's API only.
   */
  token: string;
  description: string;
}

export const demoConsumers: DemoConsumer[] = [
  {
    subject: 'support-assistant',
    team: 'group:default/customer-success',
    token: 'dev-only-support-assistant-token',
    description:
      'The support agents’ assistant: tickets, payment look-ups, classification',
  },
  {
    subject: 'finance-reconciler',
    team: 'group:default/payments',
    token: 'dev-only-finance-reconciler-token',
    description: 'Nightly reconciliation of the ledger, flags odd payments',
  },
  {
    subject: 'growth-dashboards',
    team: 'group:default/analytics',
    token: 'dev-only-growth-dashboards-token',
    description: 'Dashboards over the warehouse, with text embeddings',
  },
  {
    subject: 'eval-runner',
    team: 'group:default/ml-platform',
    token: 'dev-only-eval-runner-token',
    description: 'Evaluates the approved models',
  },
];

/**
 * Who calls each example server through the gateway, with weights. Calls of tools that are not
 * read-only go to the subject the call names (`TrafficCall.by`, the owning team's service), as
 * the built-in policy lets only owners call those.
 */
export const demoCallers: Record<
  string,
  { subject: string; weight: number }[]
> = {
  // Confidential: its owners, and customer-success through mcp-platform.io/approved-groups.
  'payments-ledger': [
    { subject: 'finance-reconciler', weight: 3 },
    { subject: 'support-assistant', weight: 2 },
  ],
  'analytics-warehouse': [
    { subject: 'growth-dashboards', weight: 3 },
    { subject: 'finance-reconciler', weight: 1 },
    { subject: 'support-assistant', weight: 1 },
  ],
  'support-desk': [{ subject: 'support-assistant', weight: 1 }],
  'model-gateway': [
    { subject: 'support-assistant', weight: 2 },
    { subject: 'eval-runner', weight: 1 },
    { subject: 'growth-dashboards', weight: 1 },
  ],
};

/**
 * Calls the policy refuses, made now and then so the Gateway tab's "recent refused calls" and
 * the decision log have something true to show: the support assistant trying to refund a
 * payment (only the payments team may call that destructive production tool). Through the
 * gateway only: made directly, the refund would go through.
 */
export const demoRefusedCalls: {
  subject: string;
  server: string;
  tool: string;
  /** Chance per call of the server's traffic. */
  share: number;
  args: (random: () => number) => Record<string, unknown>;
}[] = [
  {
    subject: 'support-assistant',
    server: 'payments-ledger',
    tool: 'refund_payment',
    share: 0.01,
    args: r => ({
      paymentId: `pay_${1001 + Math.floor(r() * 60)}`,
      reason: 'requested_by_customer',
    }),
  },
];
