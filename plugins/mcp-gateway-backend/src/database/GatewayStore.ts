import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GatewayRefusalKind,
  GatewayRefusedCall,
} from '@mcp-platform/plugin-mcp-gateway-common';
import { Knex } from 'knex';

/** Where the migrations are and which table tracks them. */
export const migrationConfig = {
  directory: resolvePackagePath(
    '@mcp-platform/plugin-mcp-gateway-backend',
    'migrations',
  ),
  tableName: 'mcp_gateway_knex_migrations',
};

/** A refused call to record. */
export interface NewRefusal {
  id: string;
  at: Date;
  user: string;
  team?: string;
  serverRef: string;
  tool: string;
  kind: GatewayRefusalKind;
  message: string;
  rule?: string;
  decisionId?: string;
}

/** A metering event waiting for mcp-insights. */
export interface OutboxEvent {
  eventId: string;
  event: Record<string, unknown>;
}

/** The gateway's storage: rate-limit windows, refused calls, the metering outbox. */
export interface GatewayStore {
  /**
   * Claims up to `wanted` calls of `limit` in a window, atomically across replicas; returns how
   * many were granted (0 when the window is used up).
   */
  claim(
    key: string,
    windowStart: number,
    wanted: number,
    limit: number,
  ): Promise<number>;
  recordRefusals(refusals: NewRefusal[]): Promise<void>;
  listRefusals(options: {
    user?: string;
    limit: number;
  }): Promise<GatewayRefusedCall[]>;
  enqueueUsage(events: OutboxEvent[]): Promise<void>;
  /** The oldest waiting events. */
  pendingUsage(limit: number): Promise<OutboxEvent[]>;
  acknowledgeUsage(eventIds: string[]): Promise<void>;
  /** Counts a failed delivery; events that failed too often are dropped (and counted). */
  deferUsage(eventIds: string[], maxAttempts: number): Promise<number>;
  /** Deletes rate windows and refusals older than the cut-offs. */
  prune(options: {
    windowsBefore: number;
    refusalsBefore: Date;
  }): Promise<void>;
}

const chunked = <T>(items: T[], size: number) => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    chunks.push(items.slice(i, i + size));
  return chunks;
};

/** {@link GatewayStore} on knex (SQLite and PostgreSQL). */
export class DatabaseGatewayStore implements GatewayStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseGatewayStore> {
    const db = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip)
      await db.migrate.latest(migrationConfig);
    return new DatabaseGatewayStore(db);
  }

  /** For tests that bring their own, already migrated, knex. */
  static fromKnex(db: Knex): DatabaseGatewayStore {
    return new DatabaseGatewayStore(db);
  }

  async claim(
    key: string,
    windowStart: number,
    wanted: number,
    limit: number,
  ): Promise<number> {
    const where = { limit_key: key, window_start: windowStart };
    await this.db('mcp_gateway_rate_windows')
      .insert({ ...where, claimed: 0 })
      .onConflict(['limit_key', 'window_start'])
      .ignore();
    // One statement decides: only a window with room left takes the claim, so replicas never
    // grant more than the limit together.
    const rows: { claimed: number | string }[] = await this.db(
      'mcp_gateway_rate_windows',
    )
      .where(where)
      .where('claimed', '<', limit)
      .increment('claimed', wanted)
      .returning('claimed');
    if (!rows.length) return 0;
    const claimed = Number(rows[0].claimed);
    return Math.max(0, wanted - Math.max(0, claimed - limit));
  }

  async recordRefusals(refusals: NewRefusal[]): Promise<void> {
    for (const chunk of chunked(refusals, 200))
      await this.db('mcp_gateway_refusals').insert(
        chunk.map(r => ({
          id: r.id,
          refused_at: r.at,
          user_ref: r.user,
          team_ref: r.team ?? null,
          server_ref: r.serverRef,
          tool: r.tool.slice(0, 255),
          kind: r.kind,
          message: r.message.slice(0, 4000),
          rule: r.rule ?? null,
          decision_id: r.decisionId ?? null,
        })),
      );
  }

  async listRefusals(options: {
    user?: string;
    limit: number;
  }): Promise<GatewayRefusedCall[]> {
    const rows = await this.db('mcp_gateway_refusals')
      .modify(q => {
        if (options.user) q.where('user_ref', options.user);
      })
      .orderBy('refused_at', 'desc')
      .limit(options.limit);
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      at: new Date(r.refused_at).toISOString(),
      user: r.user_ref,
      serverRef: r.server_ref,
      tool: r.tool,
      kind: r.kind,
      message: r.message,
      rule: r.rule ?? undefined,
      decisionId: r.decision_id ?? undefined,
    }));
  }

  async enqueueUsage(events: OutboxEvent[]): Promise<void> {
    const now = new Date();
    for (const chunk of chunked(events, 200))
      await this.db('mcp_gateway_usage_outbox')
        .insert(
          chunk.map(e => ({
            event_id: e.eventId,
            created_at: now,
            event: JSON.stringify(e.event),
            attempts: 0,
          })),
        )
        .onConflict('event_id')
        .ignore();
  }

  async pendingUsage(limit: number): Promise<OutboxEvent[]> {
    const rows = await this.db('mcp_gateway_usage_outbox')
      .orderBy('created_at')
      .limit(limit);
    return rows.map(r => ({ eventId: r.event_id, event: JSON.parse(r.event) }));
  }

  async acknowledgeUsage(eventIds: string[]): Promise<void> {
    for (const chunk of chunked(eventIds, 500))
      await this.db('mcp_gateway_usage_outbox')
        .whereIn('event_id', chunk)
        .delete();
  }

  async deferUsage(eventIds: string[], maxAttempts: number): Promise<number> {
    let dropped = 0;
    for (const chunk of chunked(eventIds, 500)) {
      await this.db('mcp_gateway_usage_outbox')
        .whereIn('event_id', chunk)
        .increment('attempts', 1);
      dropped += Number(
        await this.db('mcp_gateway_usage_outbox')
          .whereIn('event_id', chunk)
          .where('attempts', '>=', maxAttempts)
          .delete(),
      );
    }
    return dropped;
  }

  async prune(options: {
    windowsBefore: number;
    refusalsBefore: Date;
  }): Promise<void> {
    await this.db('mcp_gateway_rate_windows')
      .where('window_start', '<', options.windowsBefore)
      .delete();
    await this.db('mcp_gateway_refusals')
      .where('refused_at', '<', options.refusalsBefore)
      .delete();
  }
}
