import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Redis, ReplyError } from 'ioredis';
import { DependencyUnavailableError, HttpError } from '../errors.ts';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/*
 * A refresh token is `<family>.<secret>`. Every token descending from one log-in shares the family id.
 * Redis holds, under keys hash-tagged by family (so a cluster keeps them in one slot):
 *   refresh:{family}            hash { userId }          the family; deleting it revokes every token in it
 *   refresh:{family}:<sha256>   "active" | "used"        one token; only its hash is stored
 * Rotation marks the presented token "used" and issues a new one. Presenting a "used" token again means it
 * was copied (or the client raced itself): the whole family is revoked, so both the thief and the victim
 * must log in again.
 */

const ROTATE = `
local userId = redis.call('HGET', KEYS[1], 'userId')
if not userId then return {'invalid'} end
local state = redis.call('GET', KEYS[2])
if not state then return {'invalid'} end
if state ~= 'active' then
  redis.call('DEL', KEYS[1])
  return {'reused'}
end
redis.call('SET', KEYS[2], 'used', 'KEEPTTL')
redis.call('SET', KEYS[3], 'active', 'EX', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return {'rotated', userId}
`;

const REVOKE = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

interface ParsedToken {
  readonly familyKey: string;
  readonly tokenKey: string;
}

function familyKey(family: string): string {
  return `refresh:{${family}}`;
}

function tokenKey(family: string, secret: string): string {
  return `${familyKey(family)}:${createHash('sha256').update(secret).digest('hex')}`;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function parse(token: string): ParsedToken {
  const match = TOKEN.exec(token);
  if (!match)
    throw new HttpError(401, 'invalid_refresh_token', 'The refresh token is invalid or has expired.');
  const [, family, secret] = match as unknown as [string, string, string];
  return { familyKey: familyKey(family), tokenKey: tokenKey(family, secret) };
}

export class RefreshTokens {
  constructor(private readonly redis: Redis) {}

  /** Any failure to talk to Redis is an outage (503); a Redis reply error is a bug and stays a 500. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ReplyError) throw err;
      throw new DependencyUnavailableError('redis', { cause: err });
    }
  }

  /** Starts a new family (one per log-in) and returns its first token. */
  async issue(userId: string): Promise<string> {
    const family = randomUUID();
    const secret = newSecret();
    await this.call(() =>
      this.redis
        .multi()
        .hset(familyKey(family), 'userId', userId)
        .expire(familyKey(family), REFRESH_TOKEN_TTL_SECONDS)
        .set(tokenKey(family, secret), 'active', 'EX', REFRESH_TOKEN_TTL_SECONDS)
        .exec(),
    );
    return `${family}.${secret}`;
  }

  /** Exchanges a token for the next one in its family; returns the user id and the new token. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const presented = parse(token);
    const family = token.slice(0, 36);
    const secret = newSecret();
    const [outcome, userId] = (await this.call(() =>
      this.redis.eval(
        ROTATE,
        3,
        presented.familyKey,
        presented.tokenKey,
        tokenKey(family, secret),
        REFRESH_TOKEN_TTL_SECONDS,
      ),
    )) as [string, string?];
    if (outcome === 'reused') {
      throw new HttpError(
        401,
        'refresh_token_reused',
        'This refresh token was already used; every session from that log-in has been revoked. Log in again.',
      );
    }
    if (outcome !== 'rotated' || !userId) {
      throw new HttpError(401, 'invalid_refresh_token', 'The refresh token is invalid or has expired.');
    }
    return { userId, refreshToken: `${family}.${secret}` };
  }

  /** Log-out: revokes the token's whole family. Unknown tokens are ignored, so log-out is idempotent. */
  async revoke(token: string): Promise<void> {
    const presented = parse(token);
    await this.call(() => this.redis.eval(REVOKE, 2, presented.familyKey, presented.tokenKey));
  }
}
