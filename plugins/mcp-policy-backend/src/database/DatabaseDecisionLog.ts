import { createHash } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DecisionLogEntry,
  DecisionLogPage,
  PolicyTarget,
} from '@mcp-platform/plugin-mcp-policy-common';
import { Knex } from 'knex';
import { DecisionLog, DecisionQuery, NewDecision } from './DecisionLog';
import { applyMigrations } from './migrations';

const DECISIONS = 'mcp_policy_decisions';
const RULES = 'mcp_policy_decision_rules';
const CHUNK = 100;

/** JSON with sorted keys, so equal inputs have equal digests whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** The digest stored with each decision: equal inputs, equal digests. */
export function inputDigest(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

function toEntry(
  row: Record<string, any>,
  includeInput: boolean,
): DecisionLogEntry {
  const entry: DecisionLogEntry = {
    id: String(row.id),
    decidedAt: toDate(row.decided_at).toISOString(),
    kind: row.kind,
    principal: row.principal,
    subject: row.subject,
    result: row.result,
    rules: JSON.parse(row.rules),
    inputDigest: row.input_digest,
    policySetDigest: row.policy_set_digest,
  };
  if (row.user_ref) entry.user = row.user_ref;
  if (row.reason) entry.reason = row.reason;
  if (includeInput) entry.input = JSON.parse(row.input);
  return entry;
}

function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,18}$/.test(cursor)) {
    throw new InputError(
      'cursor must be the nextCursor of a previous page of /v1/decisions',
    );
  }
  return Number(cursor);
}

/** The decision log on knex (SQLite and PostgreSQL). */
export class DatabaseDecisionLog implements DecisionLog {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDecisionLog> {
    return new DatabaseDecisionLog(await applyMigrations(options.database));
  }

  /** For tests that bring their own, already migrated, knex. */
  static fromKnex(db: Knex): DatabaseDecisionLog {
    return new DatabaseDecisionLog(db);
  }

  private constructor(private readonly db: Knex) {}

  async append(decisions: NewDecision[]): Promise<string[]> {
    if (decisions.length === 0) return [];
    return this.db.transaction(async tx => {
      const ids: string[] = [];
      for (let i = 0; i < decisions.length; i += CHUNK) {
        const chunk = decisions.slice(i, i + CHUNK);
        const inserted: unknown[] = await tx(DECISIONS)
          .insert(
            chunk.map(d => ({
              decided_at: d.decidedAt,
              kind: d.kind,
              principal: d.principal.slice(0, 512),
              subject: d.subject.slice(0, 1024),
              user_ref: d.user?.slice(0, 512) ?? null,
              result: d.result,
              reason: d.reason ?? null,
              rules: JSON.stringify(d.rules),
              input_digest: inputDigest(d.input),
              policy_set_digest: d.policySetDigest,
              input: JSON.stringify(d.input),
            })),
          )
          .returning('id');
        const chunkIds = inserted.map(r =>
          String(typeof r === 'object' && r !== null ? (r as any).id : r),
        );
        const ruleRows = chunk.flatMap((d, j) =>
          // A rule appears once per decision even if a caller repeats it.
          [...new Map(d.rules.map(r => [r.rule, r])).values()].map(r => ({
            decision_id: Number(chunkIds[j]),
            rule_id: r.rule.slice(0, 256),
            effect: r.effect,
            errored: Boolean(r.error),
            decided_at: d.decidedAt,
          })),
        );
        for (let k = 0; k < ruleRows.length; k += CHUNK) {
          await tx(RULES).insert(ruleRows.slice(k, k + CHUNK));
        }
        ids.push(...chunkIds);
      }
      return ids;
    });
  }

  async query(query: DecisionQuery): Promise<DecisionLogPage> {
    const cursor = parseCursor(query.cursor);
    const q = this.db(DECISIONS)
      .select(
        query.includeInput
          ? `${DECISIONS}.*`
          : [
              'id',
              'decided_at',
              'kind',
              'principal',
              'subject',
              'user_ref',
              'result',
              'reason',
              'rules',
              'input_digest',
              'policy_set_digest',
            ],
      )
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.kind) q.where('kind', query.kind);
    if (query.result) q.where('result', query.result);
    if (query.principal) q.where('principal', query.principal);
    if (query.user) q.where('user_ref', query.user);
    if (query.since) q.where('decided_at', '>=', query.since);
    if (query.until) q.where('decided_at', '<', query.until);
    if (cursor !== undefined) q.where('id', '<', cursor);
    if (query.subject) {
      const escaped = query.subject.replace(/[\\%_]/g, c => `\\${c}`);
      q.whereRaw(`lower(subject) like ? escape '\\'`, [
        `%${escaped.toLowerCase()}%`,
      ]);
    }
    if (query.rule) {
      q.whereIn(
        'id',
        this.db(RULES).select('decision_id').where('rule_id', query.rule),
      );
    }
    const rows = await q;
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(r => toEntry(r, Boolean(query.includeInput))),
      nextCursor:
        rows.length > query.limit
          ? String(page[page.length - 1].id)
          : undefined,
    };
  }

  async get(id: string): Promise<DecisionLogEntry | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const row = await this.db(DECISIONS).where('id', Number(id)).first();
    return row ? toEntry(row, true) : undefined;
  }

  async forReplay(options: {
    kind?: PolicyTarget;
    since?: Date;
    until?: Date;
    limit: number;
    involving?: string;
  }): Promise<DecisionLogEntry[]> {
    const q = this.db(DECISIONS).orderBy('id', 'desc').limit(options.limit);
    if (options.kind) q.where('kind', options.kind);
    const { involving } = options;
    if (involving) {
      q.where(w =>
        w.where('user_ref', involving).orWhere('principal', involving),
      );
    }
    if (options.since) q.where('decided_at', '>=', options.since);
    if (options.until) q.where('decided_at', '<', options.until);
    return (await q).map(r => toEntry(r, true));
  }

  async firedCounts(since: Date): Promise<Map<string, number>> {
    const rows: { rule_id: string; n: string | number }[] = await this.db(RULES)
      .select('rule_id')
      .count({ n: '*' })
      .where('decided_at', '>=', since)
      .groupBy('rule_id');
    return new Map(rows.map(r => [String(r.rule_id), Number(r.n)]));
  }

  async deleteOlderThan(before: Date): Promise<number> {
    return this.db.transaction(async tx => {
      // SQLite only cascades with foreign keys switched on; delete the children explicitly.
      await tx(RULES).where('decided_at', '<', before).delete();
      return Number(
        await tx(DECISIONS).where('decided_at', '<', before).delete(),
      );
    });
  }
}
