import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { DependencyUnavailableError } from '../errors.ts';

/**
 * A pool tuned to fail fast while the database is down (restart, Multi-AZ failover) instead of queueing
 * requests for minutes: connecting gives up after 2 s, a statement after 5 s, and a query whose connection
 * went silent after 6 s. The pool replaces broken connections by itself, so it recovers without a restart.
 */
export function createPool(config: DatabaseConfig): pg.Pool {
  return new pg.Pool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    ssl: config.ssl ? { rejectUnauthorized: false } : false,
    max: 10,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 5_000,
    query_timeout: 6_000,
    application_name: 'wellstack',
  });
}

/** Connection-level failures (as opposed to a bad query): SQLSTATE classes 08 and 57P, 53300, and socket errors. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout hit, the database is overloaded
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|the database system is/;

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof DependencyUnavailableError) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (err instanceof AggregateError) return err.errors.some(isUnavailable);
  return UNAVAILABLE_MESSAGES.test(err.message);
}

function translate(err: unknown): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  return isUnavailable(err) ? new DependencyUnavailableError('database', { cause: err }) : err;
}

/** Runs one statement; connection failures become DependencyUnavailableError (503), anything else is rethrown. */
export async function query<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>(text, values);
  } catch (err) {
    throw translate(err);
  }
}

/**
 * Runs fn inside BEGIN/COMMIT on one connection, rolling back if fn throws. A connection that breaks
 * mid-transaction is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw translate(err);
  }
  // A checked-out client emits 'error' when its connection dies; without a listener that would crash the process.
  let destroy = false;
  const onError = () => {
    destroy = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (isUnavailable(err)) destroy = true;
    else
      await client.query('ROLLBACK').catch(() => {
        destroy = true;
      });
    throw translate(err);
  } finally {
    client.off('error', onError);
    client.release(destroy);
  }
}
