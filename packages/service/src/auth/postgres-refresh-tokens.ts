import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { query, withTransaction } from '../db/pool.ts';
import {
  hashSecret,
  invalidToken,
  newSecret,
  parseToken,
  REFRESH_TOKEN_TTL_SECONDS,
  type RefreshTokenStore,
  reusedToken,
} from './refresh-tokens.ts';

/** Tables from migrations/0002_refresh_tokens.sql. $4 is the lifetime in seconds. */
const ISSUE = `
WITH family AS (
  INSERT INTO refresh_token_families (id, user_id, expires_at)
  VALUES ($1, $2, now() + make_interval(secs => $4))
)
INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES ($3, $1, now() + make_interval(secs => $4))`;

const ROTATE = `
WITH used AS (
  UPDATE refresh_tokens SET used = true WHERE token_hash = $1
), family AS (
  UPDATE refresh_token_families SET expires_at = now() + make_interval(secs => $4) WHERE id = $2
)
INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES ($3, $2, now() + make_interval(secs => $4))`;

/**
 * Lazy clean-up, run with every token written so that it keeps pace with them: up to 100 expired families and
 * 100 expired tokens. Rows another transaction holds are skipped (no waiting), to be deleted next time.
 * Families go first: deleting one also deletes its tokens (ON DELETE CASCADE), which is the only step here that
 * waits for rows another clean-up holds. Run after the token step, that wait could close a cycle (each
 * transaction's cascade waiting for tokens the other's token step had claimed): a deadlock, a 500.
 */
export const CLEAN_UP = `
DELETE FROM refresh_token_families WHERE id IN (
  SELECT id FROM refresh_token_families WHERE expires_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED
);
DELETE FROM refresh_tokens WHERE token_hash IN (
  SELECT token_hash FROM refresh_tokens WHERE expires_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED
)`;

/**
 * Refresh tokens in PostgreSQL, for deployments without Redis. Rotation locks the family row first
 * (SELECT ... FOR UPDATE), so rotations and log-outs of one family take turns: a second use of a token
 * waits for the first to commit, then sees the token used and revokes the family, as in Redis.
 */
export class PostgresRefreshTokens implements RefreshTokenStore {
  constructor(private readonly pool: pg.Pool) {}

  async issue(userId: string, transaction?: pg.ClientBase): Promise<string> {
    const family = randomUUID();
    const secret = newSecret();
    const insert = async (client: pg.ClientBase) => {
      await client.query(ISSUE, [family, userId, hashSecret(secret), REFRESH_TOKEN_TTL_SECONDS]);
      await client.query(CLEAN_UP);
    };
    await (transaction ? insert(transaction) : withTransaction(this.pool, insert));
    return `${family}.${secret}`;
  }

  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const { family, hash } = parseToken(token);
    const secret = newSecret();
    const outcome = await withTransaction(this.pool, async (client) => {
      const owner = await client.query<{ user_id: string }>(
        'SELECT user_id FROM refresh_token_families WHERE id = $1 AND expires_at > now() FOR UPDATE',
        [family],
      );
      const userId = owner.rows[0]?.user_id;
      if (!userId) return { result: 'invalid' } as const;
      // A new statement, so it sees what a rotation that held the lock before us committed.
      const presented = await client.query<{ used: boolean }>(
        'SELECT used FROM refresh_tokens WHERE token_hash = $1 AND family_id = $2 AND expires_at > now()',
        [hash, family],
      );
      const used = presented.rows[0]?.used;
      if (used === undefined) return { result: 'invalid' } as const;
      if (used) {
        await client.query('DELETE FROM refresh_token_families WHERE id = $1', [family]);
        return { result: 'reused' } as const;
      }
      await client.query(ROTATE, [hash, family, hashSecret(secret), REFRESH_TOKEN_TTL_SECONDS]);
      await client.query(CLEAN_UP);
      return { result: 'rotated', userId } as const;
    });
    if (outcome.result === 'reused') throw reusedToken();
    if (outcome.result === 'invalid') throw invalidToken();
    return { userId: outcome.userId, refreshToken: `${family}.${secret}` };
  }

  async revoke(token: string): Promise<void> {
    const { family, hash } = parseToken(token);
    await query(
      this.pool,
      `DELETE FROM refresh_token_families WHERE id = $1 AND EXISTS (
         SELECT 1 FROM refresh_tokens WHERE token_hash = $2 AND family_id = $1 AND expires_at > now()
       )`,
      [family, hash],
    );
  }
}
