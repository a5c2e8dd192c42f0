/**
 * What the search benchmark asks (a mix of searches people and agents make), and how it sees
 * where a search's time goes: SQL time per statement kind and the query plans of the slowest.
 */
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';

/** One search of the mix: what kind of search it is, and its query parameters. */
export interface SearchQuery {
  kind: string;
  params: Record<string, string>;
}

/** A realistic mix of what people and agents ask the tool search. */
export const QUERY_MIX: SearchQuery[] = [
  ...[
    'list',
    'returns',
    'id',
    'audit',
    'export',
    'status',
    'customer',
    'archive',
  ].map(q => ({ kind: 'one word, many hits', params: { q } })),
  ...[
    'refund payment',
    'invoice customer',
    'export csv',
    'rollback deployment',
    'ticket comment',
    'employee leave',
    'delete audit',
    'search incidents',
  ].map(q => ({ kind: 'two words', params: { q } })),
  ...[
    'gdpr',
    'chargebacks',
    'quarantine',
    'zeppelin',
    'sla_policies',
    'idempotency',
  ].map(q => ({ kind: 'rare or no hit', params: { q } })),
  { kind: 'filters', params: { owner: 'group:default/team-payments-1' } },
  { kind: 'filters', params: { readOnly: 'true' } },
  { kind: 'filters', params: { readOnly: 'false', destructive: 'true' } },
  { kind: 'filters', params: { minSeverity: 'high' } },
  { kind: 'filters', params: { changed: 'true' } },
  { kind: 'filters', params: { q: 'delete', minSeverity: 'medium' } },
  {
    kind: 'filters',
    params: {
      q: 'export',
      owner: 'group:default/team-billing-0,group:default/team-crm-2',
    },
  },
  { kind: 'filters', params: { server: 'api:default/billing-eu-10001' } },
  {
    kind: 'filters',
    params: { q: 'list', readOnly: 'true', changed: 'false' },
  },
  { kind: 'filters', params: { includeRemoved: 'true', q: 'archive' } },
  { kind: 'paging', params: {} },
  { kind: 'paging', params: { offset: '20000' } },
  { kind: 'paging', params: { q: 'list', offset: '2000' } },
  { kind: 'paging', params: { q: 'get', limit: '200', offset: '400' } },
  { kind: 'paging', params: { limit: '100', offset: '45000' } },
  { kind: 'paging', params: { q: 'returns', offset: '10000' } },
  { kind: 'paging', params: { readOnly: 'true', offset: '25000' } },
  { kind: 'paging', params: { q: 'customer', limit: '10', offset: '50' } },
];

/** SQL time of one search: the count(*) query and the page query (with what follows it). */
export interface SqlTimes {
  count: number;
  page: number;
}

/** Times every SQL statement, split into the count(*) and the page query of a search. */
export function timeSql(db: Knex) {
  const started = new Map<string, number>();
  let current: SqlTimes = { count: 0, page: 0 };
  let last: SqlStatement[] = [];
  db.on(
    'query',
    (q: { __knexQueryUid: string; sql: string; bindings: unknown[] }) => {
      started.set(q.__knexQueryUid, performance.now());
      last.push({ sql: q.sql, bindings: q.bindings });
    },
  );
  db.on(
    'query-response',
    (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
      const start = started.get(q.__knexQueryUid);
      started.delete(q.__knexQueryUid);
      if (start === undefined) return;
      if (/count\(\*\)/i.test(q.sql))
        current.count += performance.now() - start;
      else current.page += performance.now() - start;
    },
  );
  return {
    /** Starts a new request's tally and returns the previous one. */
    take(): SqlTimes {
      const taken = current;
      current = { count: 0, page: 0 };
      last = [];
      return taken;
    },
    statements: () => last,
  };
}

/** A statement as knex reported it. */
export interface SqlStatement {
  sql: string;
  bindings: unknown[];
}

/** The query plans of the statements, one line each, to explain where a request's time went. */
export async function queryPlans(
  db: Knex,
  statements: SqlStatement[],
): Promise<string[]> {
  const plans: string[] = [];
  const isPg = db.client.config.client === 'pg';
  for (const statement of statements) {
    // The store may ask the planner itself (explain); such statements have no plan to show.
    if (/^\s*explain\b/i.test(statement.sql)) continue;
    // PostgreSQL statements arrive with $n placeholders; knex.raw wants ? in binding order.
    const bindings: unknown[] = [];
    const sqlText = isPg
      ? statement.sql.replace(/\$(\d+)/g, (_, n) => {
          bindings.push(statement.bindings[Number(n) - 1]);
          return '?';
        })
      : statement.sql;
    const explained = await db.raw(
      `${isPg ? 'explain' : 'explain query plan'} ${sqlText}`,
      (isPg ? bindings : statement.bindings) as Knex.RawBinding[],
    );
    const lines: string[] = isPg
      ? explained.rows.map((r: Record<string, string>) => r['QUERY PLAN'])
      : explained.map((r: { detail: string }) => r.detail);
    plans.push(
      `${/count\(\*\)/i.test(statement.sql) ? 'count' : 'page'}: ${lines
        .map(l => l.trim())
        .join(' | ')}`,
    );
  }
  return plans;
}
