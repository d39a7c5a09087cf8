import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** migrations/ beside src/ and dist/ alike, so the built app finds the same files. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Arbitrary but fixed: every instance of the service must contend for the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_314_253_001;

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * The pool bounds every statement at 5 s and every read at 6 s (src/db/pool.ts), for requests. A migration (an
 * index build) may take longer, and so may the wait for another instance's migrations under the lock; those
 * bounds would fail start-up on every instance. Migrations lift them: the server's start-up is bounded anyway
 * (the ValidateService hook fails the deployment, and stopping the process aborts the transaction).
 */
const NO_READ_TIMEOUT_MS = 2_147_483_647; // the longest a Node timer waits; 0 would mean "the pool's 6 s"

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

interface Migration {
  readonly version: string;
  readonly sql: string;
  readonly checksum: string;
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    if (!FILE_NAME.test(name)) {
      throw new MigrationError(
        `migration file ${name} must be named NNNN_description.sql (lower case, underscores)`,
      );
    }
    const sql = await readFile(`${dir}/${name}`, 'utf8');
    migrations.push({
      version: name.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return migrations;
}

/**
 * Applies the pending .sql files of dir in name order and records each in schema_migrations, all in one
 * transaction under an advisory lock: two instances starting together serialise here, the second sees
 * the first's work, and a failing migration leaves the schema as it was. A file changed after it was
 * applied stops start-up, because the database would no longer match the code. Returns what it applied.
 */
export async function migrate(pool: pg.Pool, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  const run = <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const config: pg.QueryConfig & { query_timeout: number } = {
      text,
      values,
      query_timeout: NO_READ_TIMEOUT_MS,
    };
    return client.query<R>(config);
  };
  try {
    await run('BEGIN');
    await run('SET LOCAL statement_timeout = 0');
    await run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await run<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.version} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      try {
        await run(migration.sql);
      } catch (err) {
        throw new MigrationError(`migration ${migration.version} failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
      await run('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
        migration.version,
        migration.checksum,
      ]);
      done.push(migration.version);
    }
    await run('COMMIT');
    return done;
  } catch (err) {
    if (!failed) await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
}
