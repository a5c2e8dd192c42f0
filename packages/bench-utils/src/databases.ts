import knexFactory, { Knex } from 'knex';

/** A SQLite database, in memory unless a file is named (to keep it and study its query plans). */
export function sqliteDatabase(filename = ':memory:'): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: filename,
    useNullAsDefault: true,
  });
}

/** The variable that names the PostgreSQL server, as for the tests. */
export const POSTGRES_CONNECTION_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * Runs `fn` on a fresh PostgreSQL database named `<databasePrefix>_<time>`, dropped afterwards,
 * on the server `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` names. Resolves undefined,
 * with a line to `report` saying why, when the variable is unset or names a server off loopback
 * (benchmarks only use 127.0.0.0/8; `localhost` is pinned to 127.0.0.1, as it may resolve to ::1).
 */
export async function withPostgres<T>(
  databasePrefix: string,
  fn: (db: Knex) => Promise<T>,
  // eslint-disable-next-line no-console
  report: (line: string) => void = line => console.log(line),
): Promise<T | undefined> {
  const connectionString = process.env[POSTGRES_CONNECTION_VARIABLE];
  if (!connectionString) {
    report(
      `PostgreSQL: skipped, ${POSTGRES_CONNECTION_VARIABLE} is not set ` +
        '(e.g. postgresql://postgres:postgres@localhost:5432)',
    );
    return undefined;
  }
  const url = new URL(connectionString);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    report(
      `PostgreSQL: skipped, ${url.hostname} is not a 127.0.0.0/8 address and this benchmark only uses loopback`,
    );
    return undefined;
  }
  const name = `${databasePrefix}_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('create database ??', [name]);
    const dbUrl = new URL(url.toString());
    dbUrl.pathname = `/${name}`;
    const db = knexFactory({ client: 'pg', connection: dbUrl.toString() });
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin
      .raw('drop database if exists ?? with (force)', [name])
      .catch(error => report(`PostgreSQL: could not drop ${name}: ${error}`));
    await admin.destroy();
  }
}
