import knexFactory from 'knex';
import { listenOnLoopback } from './loopbackServer';
import {
  POSTGRES_CONNECTION_VARIABLE,
  sqliteDatabase,
  withPostgres,
} from './databases';

describe('sqliteDatabase', () => {
  it('opens an in-memory SQLite database', async () => {
    const db = sqliteDatabase();
    try {
      await db.schema.createTable('t', table => table.integer('n'));
      await db('t').insert([{ n: 1 }, { n: 2 }]);
      expect(await db('t').sum({ total: 'n' })).toEqual([{ total: 3 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('withPostgres', () => {
  const original = process.env[POSTGRES_CONNECTION_VARIABLE];
  afterEach(() => {
    if (original === undefined)
      delete process.env[POSTGRES_CONNECTION_VARIABLE];
    else process.env[POSTGRES_CONNECTION_VARIABLE] = original;
  });

  it('skips, saying why, without a connection string or off loopback', async () => {
    const lines: string[] = [];
    const fn = jest.fn();
    delete process.env[POSTGRES_CONNECTION_VARIABLE];
    await expect(withPostgres('bench', fn, l => lines.push(l))).resolves.toBe(
      undefined,
    );
    process.env[POSTGRES_CONNECTION_VARIABLE] =
      'postgresql://postgres:postgres@db.example.com:5432';
    await expect(withPostgres('bench', fn, l => lines.push(l))).resolves.toBe(
      undefined,
    );
    expect(fn).not.toHaveBeenCalled();
    expect(lines).toEqual([
      `PostgreSQL: skipped, ${POSTGRES_CONNECTION_VARIABLE} is not set (e.g. postgresql://postgres:postgres@localhost:5432)`,
      'PostgreSQL: skipped, db.example.com is not a 127.0.0.0/8 address and this benchmark only uses loopback',
    ]);
  });
});

const connectionString = process.env[POSTGRES_CONNECTION_VARIABLE];
const describeOnPostgres = connectionString ? describe : describe.skip;

describeOnPostgres('withPostgres on the PostgreSQL server of the tests', () => {
  // Creating and dropping a database takes seconds when the server is busy.
  it('runs on a fresh database and drops it afterwards', async () => {
    const seen = await withPostgres('mcp_bench_utils_test', async db => {
      const [{ name }] = (await db.raw('select current_database() as name'))
        .rows;
      await db.schema.createTable('t', table => table.integer('n'));
      return name as string;
    });
    expect(seen).toMatch(/^mcp_bench_utils_test_\d+$/);
    const url = new URL(connectionString!);
    if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
    const admin = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      const left = await admin('pg_database')
        .where({ datname: seen })
        .count({ n: '*' });
      expect(Number(left[0].n)).toBe(0);
    } finally {
      await admin.destroy();
    }
  }, 60_000);
});

describe('listenOnLoopback', () => {
  it('serves on 127.0.0.1 and closes kept-alive connections too', async () => {
    const served = await listenOnLoopback((_req, res) => res.end('ok'));
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.origin}/`);
    expect(await response.text()).toBe('ok');
    await served.close();
    await expect(fetch(`${served.origin}/`)).rejects.toThrow();
  });
});
