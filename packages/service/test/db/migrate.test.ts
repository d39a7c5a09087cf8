import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { createDatabase } from '../support/postgres.ts';

describe('migrations', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  beforeEach(async () => {
    database = await createDatabase(inject('postgresUrl'));
    pool = new pg.Pool({ connectionString: database.url });
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  const dirWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'wellstack-migrations-'));
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    return dir;
  };

  it('applies the shipped migrations once and records them', async () => {
    const applied = await migrate(pool);
    expect(applied[0]).toBe('0001_users_and_posts');
    expect(await migrate(pool)).toEqual([]);
    const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(applied);
    expect(MIGRATIONS_DIR).toMatch(/packages\/service\/migrations\/$/);
  });

  it('applies files in name order', async () => {
    const dir = dirWith({
      '0002_second.sql': 'INSERT INTO log VALUES (2);',
      '0001_first.sql': 'CREATE TABLE log (n int);',
      '0010_tenth.sql': 'INSERT INTO log VALUES (10);',
    });
    expect(await migrate(pool, dir)).toEqual(['0001_first', '0002_second', '0010_tenth']);
    expect((await pool.query('SELECT n FROM log ORDER BY n')).rows).toEqual([{ n: 2 }, { n: 10 }]);
  });

  it('is safe when two instances start together: one applies, the other waits and finds nothing to do', async () => {
    const dir = dirWith({ '0001_slow.sql': 'CREATE TABLE slow (n int); SELECT pg_sleep(0.3);' });
    const other = new pg.Pool({ connectionString: database.url });
    try {
      const results = await Promise.all([migrate(pool, dir), migrate(other, dir)]);
      expect(results.flat()).toEqual(['0001_slow']);
    } finally {
      await other.end();
    }
  });

  it("is not cut short by the pool's statement and read timeouts (a long index build, a long wait for the lock)", async () => {
    // The service's pool (src/db/pool.ts) bounds statements at 5 s and reads at 6 s, for requests; here the same
    // kind of pool with shorter bounds. A migration, or the wait for another instance's migration, may take longer.
    const bounded = () =>
      new pg.Pool({ connectionString: database.url, statement_timeout: 200, query_timeout: 300 });
    const [first, second] = [bounded(), bounded()];
    const dir = dirWith({ '0001_slow.sql': 'CREATE TABLE slow (n int); SELECT pg_sleep(0.6);' });
    try {
      const results = await Promise.all([migrate(first, dir), migrate(second, dir)]);
      expect(results.flat()).toEqual(['0001_slow']);
      // The bounds still hold for everything else on those connections.
      await expect(first.query('SELECT pg_sleep(0.5)')).rejects.toThrow();
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });

  it('rolls back everything when a migration fails, and names it', async () => {
    const dir = dirWith({ '0001_ok.sql': 'CREATE TABLE ok (n int);', '0002_bad.sql': 'CREATE TABLE nope (' });
    await expect(migrate(pool, dir)).rejects.toThrow(/migration 0002_bad failed/);
    const { rows } = await pool.query(
      "SELECT to_regclass('ok') AS ok, to_regclass('schema_migrations') AS log",
    );
    expect(rows[0]).toEqual({ ok: null, log: null });
  });

  it('refuses to start when an applied migration file was edited', async () => {
    const dir = dirWith({ '0001_a.sql': 'CREATE TABLE a (n int);' });
    await migrate(pool, dir);
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (n bigint);');
    await expect(migrate(pool, dir)).rejects.toThrow('migration 0001_a was changed after it was applied');
  });
});
