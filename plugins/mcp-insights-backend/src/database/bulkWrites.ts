import { Knex } from 'knex';

/** SQL type of a column, for PostgreSQL's array parameters. */
export type ColumnType = 'bigint' | 'text' | 'float8';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Whether a knex instance talks to PostgreSQL. */
export function isPostgres(db: Knex): boolean {
  const client = String(db.client.config.client ?? '');
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/**
 * Inserts rows, or adds their amounts to the rows already there, in as few statements as the
 * database allows. Built as plain SQL because knex's builder spends longer assembling a
 * 500-row upsert than the database spends running it. On PostgreSQL each column travels as one
 * array parameter (`unnest`); on SQLite all rows travel as one JSON parameter (`json_each`).
 * Rows must have unique keys.
 */
export async function upsertAdding(
  db: Knex | Knex.Transaction,
  options: {
    table: string;
    keys: [string, ColumnType][];
    sums: [string, ColumnType][];
    rows: Record<string, string | number>[];
  },
): Promise<void> {
  const { table, keys, sums, rows } = options;
  if (rows.length === 0) return;
  const columns = [...keys, ...sums];
  const names = columns.map(([c]) => quote(c)).join(', ');
  const conflict = `ON CONFLICT (${keys
    .map(([c]) => quote(c))
    .join(', ')}) DO UPDATE SET ${sums
    .map(
      ([c]) =>
        `${quote(c)} = ${quote(table)}.${quote(c)} + excluded.${quote(c)}`,
    )
    .join(', ')}`;
  if (isPostgres(db as Knex)) {
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const arrays = columns.map(([c]) => chunk.map(r => r[c]));
      await db.raw(
        `INSERT INTO ${quote(table)} (${names}) SELECT * FROM unnest(${columns
          .map(([, type]) => `?::${type}[]`)
          .join(', ')}) ${conflict}`,
        arrays as unknown as Knex.RawBinding[],
      );
    }
    return;
  }
  // SQLite: the rows travel as one JSON parameter, read back with json_each; `WHERE true`
  // keeps ON CONFLICT from being parsed as a join constraint.
  const select = columns.map((_, i) => `value->>${i}`).join(', ');
  for (let i = 0; i < rows.length; i += 20000) {
    const chunk = rows.slice(i, i + 20000);
    await db.raw(
      `INSERT INTO ${quote(
        table,
      )} (${names}) SELECT ${select} FROM json_each(?) WHERE true ${conflict}`,
      [JSON.stringify(chunk.map(row => columns.map(([c]) => row[c])))],
    );
  }
}

/**
 * Inserts ids that are not there yet and returns those it inserted, in the order given (which
 * the caller keeps sorted, so concurrent writers lock ids in the same order).
 */
export async function insertNewIds(
  db: Knex | Knex.Transaction,
  options: {
    table: string;
    idColumn: string;
    extra: Record<string, number>;
    ids: string[];
  },
): Promise<string[]> {
  const { table, idColumn, extra, ids } = options;
  if (ids.length === 0) return [];
  const extraNames = Object.keys(extra);
  const names = [idColumn, ...extraNames].map(quote).join(', ');
  const inserted: string[] = [];
  const tail = `ON CONFLICT (${quote(idColumn)}) DO NOTHING RETURNING ${quote(
    idColumn,
  )}`;
  if (isPostgres(db as Knex)) {
    // Most batches are all new: a plain insert (in a savepoint) costs half of ON CONFLICT's
    // speculative insertion. A duplicate id fails it, and the batch takes the careful path.
    try {
      await db.transaction(async savepoint => {
        for (let i = 0; i < ids.length; i += 10000) {
          await savepoint.raw(
            `INSERT INTO ${quote(
              table,
            )} (${names}) SELECT unnest(?::text[])${extraNames
              .map(() => ', ?')
              .join('')}`,
            [
              ids.slice(i, i + 10000),
              ...extraNames.map(n => extra[n]),
            ] as Knex.RawBinding[],
          );
        }
      });
      return [...ids];
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
    }
    for (let i = 0; i < ids.length; i += 10000) {
      const result = await db.raw(
        `INSERT INTO ${quote(
          table,
        )} (${names}) SELECT unnest(?::text[])${extraNames
          .map(() => ', ?')
          .join('')} ${tail}`,
        [
          ids.slice(i, i + 10000),
          ...extraNames.map(n => extra[n]),
        ] as Knex.RawBinding[],
      );
      for (const row of result.rows) inserted.push(row[idColumn]);
    }
    return inserted;
  }
  for (let i = 0; i < ids.length; i += 20000) {
    const rows = await db.raw(
      `INSERT INTO ${quote(table)} (${names}) SELECT value${extraNames
        .map(() => ', ?')
        .join('')} FROM json_each(?) WHERE true ${tail}`,
      [
        ...extraNames.map(n => extra[n]),
        JSON.stringify(ids.slice(i, i + 20000)),
      ],
    );
    for (const row of rows) inserted.push(row[idColumn]);
  }
  return inserted;
}
