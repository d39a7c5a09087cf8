import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpError } from '../errors.ts';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * Where refresh tokens live: Redis when REDIS_URL is set, else PostgreSQL. Both keep the same rules.
 * A refresh token is `<family>.<secret>`; every token descending from one log-in shares the family id, and
 * only a hash of the secret is stored. A token lives REFRESH_TOKEN_TTL_SECONDS from its issue. Rotation
 * marks the presented token used and issues the next one; presenting a used token again means it was
 * copied (or the client raced itself), so the whole family is revoked and both the thief and the victim
 * must log in again. Rotation is atomic, so two concurrent uses of one token count as reuse.
 */
export interface RefreshTokenStore {
  /**
   * Starts a new family (one per log-in) and returns its first token. `transaction`, if given, is the
   * caller's open transaction: a store in the same database joins it, so the token commits with the caller's
   * writes (sign-up); Redis is outside it either way.
   */
  issue(userId: string, transaction?: pg.ClientBase): Promise<string>;
  /** Exchanges a token for the next one in its family; 401 if it is unknown, expired, revoked or reused. */
  rotate(token: string): Promise<{ userId: string; refreshToken: string }>;
  /** Log-out: revokes the token's whole family. Unknown tokens are ignored, so log-out is idempotent. */
  revoke(token: string): Promise<void>;
}

export interface ParsedToken {
  readonly family: string;
  /** sha256 of the secret, hex: what the stores keep instead of the secret. */
  readonly hash: string;
}

const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function invalidToken(): HttpError {
  return new HttpError(401, 'invalid_refresh_token', 'The refresh token is invalid or has expired.');
}

export function reusedToken(): HttpError {
  return new HttpError(
    401,
    'refresh_token_reused',
    'This refresh token was already used; every session from that log-in has been revoked. Log in again.',
  );
}

export function parseToken(token: string): ParsedToken {
  const match = TOKEN.exec(token);
  if (!match) throw invalidToken();
  const [, family, secret] = match as unknown as [string, string, string];
  return { family, hash: hashSecret(secret) };
}
