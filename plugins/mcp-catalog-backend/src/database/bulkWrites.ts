import { Knex } from 'knex';

// Many-row reads and writes within the databases' bound-parameter limits, fast on SQLite.

/** Values per IN list and rows per INSERT: well below SQLite's and PostgreSQL's bound-parameter limits. */
export const IN_LIST_SIZE = 500;
const INSERT_ROWS = 100;
const JSON_INSERT_ROWS = 1000;

/** `items` in slices of at most `size`. */
export function* chunked<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** What this module uses of a better-sqlite3 connection. */
interface SqliteConnection {
  prepare(sql: string): { run(params: unknown[]): unknown };
}

/** Rows per SQLite INSERT, and the bound parameters one may have (SQLite 3.32+ allows 32766). */
const SQLITE_INSERT_ROWS = 500;
const SQLITE_INSERT_PARAMETERS = 30_000;

/** An identifier of this module's own tables and columns, quoted for SQLite. */
const quoted = (name: string) => `"${name}"`;

/** Compiled many-row INSERTs per connection (knex compiles every statement anew). */
const compiledInserts = new WeakMap<
  object,
  Map<string, ReturnType<SqliteConnection['prepare']>>
>();

/**
 * Inserts rows that all have the same columns. On SQLite (better-sqlite3) the rows go in a few
 * hundred per statement, with the statement for a full chunk compiled once per connection and
 * reused: compiling costs more than running, and each statement that writes to the tools table
 * also updates its trigram index, so few large statements cost less than many small ones.
 */
export async function insertRows(
  tx: Knex.Transaction,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  if (tx.client.config.client === 'pg') {
    for (const chunk of chunked(rows, INSERT_ROWS))
      await tx(table).insert(chunk);
    return;
  }
  const columns = Object.keys(rows[0]);
  // Within a transaction, knex hands out the transaction's own connection.
  const connection = (await tx.client.acquireConnection()) as
    | Partial<SqliteConnection>
    | undefined;
  if (
    tx.client.config.client !== 'better-sqlite3' ||
    typeof connection?.prepare !== 'function'
  ) {
    await insertRowsAsJson(tx, table, columns, rows);
    return;
  }
  const sqlite = connection as SqliteConnection;
  let compiled = compiledInserts.get(sqlite);
  if (!compiled) compiledInserts.set(sqlite, (compiled = new Map()));
  const perStatement = Math.max(
    1,
    Math.min(
      SQLITE_INSERT_ROWS,
      Math.floor(SQLITE_INSERT_PARAMETERS / columns.length),
    ),
  );
  const head = `insert into ${quoted(table)} (${columns
    .map(quoted)
    .join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (count: number) => {
    const sql = head + new Array(count).fill(tuple).join(', ');
    if (count !== perStatement) return sqlite.prepare(sql);
    let statement = compiled!.get(sql);
    if (!statement) compiled!.set(sql, (statement = sqlite.prepare(sql)));
    return statement;
  };
  for (const chunk of chunked(rows, perStatement)) {
    const values = new Array(chunk.length * columns.length);
    let i = 0;
    for (const row of chunk)
      for (const column of columns) values[i++] = sqliteValue(row[column]);
    statementFor(chunk.length).run(values);
  }
}

/**
 * The same for other SQLite drivers: the rows go in as one JSON parameter per chunk that SQLite
 * unpacks (json_each); values arrive as knex would bind them.
 */
async function insertRowsAsJson(
  tx: Knex.Transaction,
  table: string,
  columns: string[],
  rows: Record<string, unknown>[],
): Promise<void> {
  const sql = `insert into ?? (${columns
    .map(() => '??')
    .join(', ')}) select ${columns
    .map((_, i) => `json_extract(value, '$[${i}]')`)
    .join(', ')} from json_each(?)`;
  for (const chunk of chunked(rows, JSON_INSERT_ROWS)) {
    // Each row as an array, in the order of the columns.
    const json = JSON.stringify(
      chunk.map(row => columns.map(c => sqliteValue(row[c]))),
    );
    await tx.raw(sql, [table, ...columns, json]);
  }
}

/** A value as knex's better-sqlite3 client binds it: dates as epoch milliseconds, booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}
