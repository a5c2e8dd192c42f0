/**
 * The vocabulary of the benchmark's generated MCP servers: business domains and the nouns their
 * tools act on, so that tool names, descriptions and searches look like a real catalog's.
 */

/** A thing a domain's tools act on: `refund` / `refunds`, ids like `re_1042`. */
export interface Noun {
  one: string;
  many: string;
  idPrefix: string;
}

/** A business domain: the servers of one domain offer tools over its nouns. */
export interface Domain {
  key: string;
  title: string;
  system: string;
  nouns: Noun[];
  statuses: [string, ...string[]];
  /** A sentence of domain detail that some descriptions carry. */
  detail: string;
  /** What the free-text search of this domain looks at. */
  searchFields: string;
}

const noun = (spec: string): Noun => {
  const [one, many, idPrefix] = spec.split('/');
  return { one, many, idPrefix };
};

/** Twelve domains, each with six nouns; server i belongs to domain i mod 12. */
export const DOMAINS: Domain[] = [
  {
    key: 'payments',
    title: 'Payments',
    system: 'payments ledger',
    nouns: [
      'payment/payments/pay',
      'refund/refunds/re',
      'payout/payouts/po',
      'dispute/disputes/dp',
      'transaction/transactions/txn',
      'account/accounts/acc',
    ].map(noun),
    statuses: ['pending', 'settled', 'failed', 'refunded'],
    detail: 'Amounts are in minor units (cents) with ISO 4217 currency codes.',
    searchFields: 'merchant name, reference and amount',
  },
  {
    key: 'billing',
    title: 'Billing',
    system: 'billing engine',
    nouns: [
      'invoice/invoices/in',
      'subscription/subscriptions/sub',
      'credit_note/credit_notes/cn',
      'price/prices/price',
      'coupon/coupons/co',
      'customer/customers/cus',
    ].map(noun),
    statuses: ['draft', 'open', 'paid', 'void', 'uncollectible'],
    detail:
      'Totals include tax; invoices are immutable once finalised, issue a credit note instead.',
    searchFields: 'customer name, email and invoice number',
  },
  {
    key: 'support',
    title: 'Support',
    system: 'support desk',
    nouns: [
      'ticket/tickets/tk',
      'ticket_comment/ticket_comments/cm',
      'macro/macros/mac',
      'sla_policy/sla_policies/sla',
      'agent/agents/ag',
      'satisfaction_survey/satisfaction_surveys/csat',
    ].map(noun),
    statuses: ['new', 'open', 'pending', 'solved', 'closed'],
    detail:
      'Customer-visible text is sent to the customer by email: write it for them.',
    searchFields: 'subject, requester email and comment text',
  },
  {
    key: 'inventory',
    title: 'Inventory',
    system: 'warehouse management system',
    nouns: [
      'sku/skus/sku',
      'warehouse/warehouses/wh',
      'stock_level/stock_levels/st',
      'purchase_order/purchase_orders/pur',
      'shipment/shipments/shp',
      'supplier/suppliers/sup',
    ].map(noun),
    statuses: ['planned', 'in_transit', 'received', 'cancelled'],
    detail: 'Quantities are in the stock keeping unit of each item.',
    searchFields: 'item name, barcode and supplier',
  },
  {
    key: 'analytics',
    title: 'Analytics',
    system: 'data warehouse',
    nouns: [
      'dashboard/dashboards/db',
      'saved_query/saved_queries/q',
      'dataset/datasets/ds',
      'report/reports/rp',
      'metric/metrics/m',
      'data_alert/data_alerts/al',
    ].map(noun),
    statuses: ['draft', 'published', 'deprecated'],
    detail:
      'Queries run against the read replica and are cancelled after 60 seconds.',
    searchFields: 'title, owner and SQL text',
  },
  {
    key: 'deployments',
    title: 'Deployments',
    system: 'delivery platform',
    nouns: [
      'deployment/deployments/dep',
      'release/releases/rel',
      'environment/environments/env',
      'pipeline/pipelines/pl',
      'rollback/rollbacks/rb',
      'artifact/artifacts/art',
    ].map(noun),
    statuses: ['queued', 'running', 'succeeded', 'failed', 'cancelled'],
    detail:
      'Production changes need an approved change request outside business-critical freeze windows.',
    searchFields: 'service name, commit SHA and version',
  },
  {
    key: 'identity',
    title: 'Identity',
    system: 'identity provider',
    nouns: [
      'user/users/usr',
      'group/groups/grp',
      'role/roles/rol',
      'api_key/api_keys/key',
      'session/sessions/ses',
      'audit_event/audit_events/aud',
    ].map(noun),
    statuses: ['active', 'suspended', 'deprovisioned'],
    detail:
      'Changes to roles take effect at the next sign-in of the affected users.',
    searchFields: 'name, email and employee number',
  },
  {
    key: 'notifications',
    title: 'Notifications',
    system: 'messaging gateway',
    nouns: [
      'notification/notifications/ntf',
      'message_template/message_templates/tpl',
      'channel/channels/ch',
      'webhook/webhooks/wh',
      'delivery/deliveries/dlv',
      'suppression/suppressions/sp',
    ].map(noun),
    statuses: ['queued', 'sent', 'delivered', 'bounced', 'failed'],
    detail:
      'Messages are rate limited per recipient; bulk sends are spread over an hour.',
    searchFields: 'recipient, subject and template name',
  },
  {
    key: 'crm',
    title: 'CRM',
    system: 'sales CRM',
    nouns: [
      'lead/leads/ld',
      'contact/contacts/ct',
      'opportunity/opportunities/op',
      'company/companies/cmp',
      'sales_activity/sales_activities/act',
      'campaign/campaigns/cp',
    ].map(noun),
    statuses: ['new', 'qualified', 'won', 'lost'],
    detail: 'Forecast values are in the account currency of the sales team.',
    searchFields: 'company name, contact email and deal name',
  },
  {
    key: 'hr',
    title: 'People',
    system: 'HR information system',
    nouns: [
      'employee/employees/emp',
      'leave_request/leave_requests/lv',
      'payslip/payslips/ps',
      'position/positions/pos',
      'performance_review/performance_reviews/rev',
      'onboarding_task/onboarding_tasks/ob',
    ].map(noun),
    statuses: ['requested', 'approved', 'rejected', 'withdrawn'],
    detail:
      'Personal data is visible only to the employee, their manager and HR.',
    searchFields: 'name, team and job title',
  },
  {
    key: 'observability',
    title: 'Observability',
    system: 'monitoring stack',
    nouns: [
      'incident/incidents/inc',
      'alert_rule/alert_rules/ar',
      'log_stream/log_streams/ls',
      'trace/traces/tr',
      'slo/slos/slo',
      'on_call_shift/on_call_shifts/oc',
    ].map(noun),
    statuses: ['triggered', 'acknowledged', 'resolved'],
    detail: 'Timestamps are UTC; log queries cover at most the last 14 days.',
    searchFields: 'service, message text and trace id',
  },
  {
    key: 'documents',
    title: 'Documents',
    system: 'document management system',
    nouns: [
      'document/documents/doc',
      'folder/folders/fld',
      'signature_request/signature_requests/sig',
      'contract/contracts/ctr',
      'revision/revisions/rv',
      'document_comment/document_comments/dc',
    ].map(noun),
    statuses: ['draft', 'in_review', 'signed', 'expired'],
    detail: 'Documents inherit the sharing settings of their folder.',
    searchFields: 'title, body text and author',
  },
];

export const REGIONS = ['EU', 'US', 'UK', 'APAC', 'LATAM'];
/** `credit_note` → `credit note` */
export const words = (identifier: string) => identifier.replace(/_/g, ' ');
export const capitalised = (s: string) =>
  s.charAt(0).toUpperCase() + s.slice(1);
