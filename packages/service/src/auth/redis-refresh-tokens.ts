import { randomUUID } from 'node:crypto';
import { type Redis, ReplyError } from 'ioredis';
import { DependencyUnavailableError } from '../errors.ts';
import {
  hashSecret,
  invalidToken,
  newSecret,
  parseToken,
  REFRESH_TOKEN_TTL_SECONDS,
  type RefreshTokenStore,
  reusedToken,
} from './refresh-tokens.ts';

/*
 * Keys are hash-tagged by family (so a cluster keeps them in one slot):
 *   refresh:{family}            hash { userId }          the family; deleting it revokes every token in it
 *   refresh:{family}:<sha256>   "active" | "used"        one token, expiring REFRESH_TOKEN_TTL_SECONDS after issue
 * The family's TTL is renewed on every rotation, so it outlives its newest token by nothing.
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

function familyKey(family: string): string {
  return `refresh:{${family}}`;
}

function tokenKey(family: string, hash: string): string {
  return `${familyKey(family)}:${hash}`;
}

/** Refresh tokens in Redis; each operation is one MULTI or one Lua script, so it is atomic. */
export class RedisRefreshTokens implements RefreshTokenStore {
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

  async issue(userId: string): Promise<string> {
    const family = randomUUID();
    const secret = newSecret();
    await this.call(() =>
      this.redis
        .multi()
        .hset(familyKey(family), 'userId', userId)
        .expire(familyKey(family), REFRESH_TOKEN_TTL_SECONDS)
        .set(tokenKey(family, hashSecret(secret)), 'active', 'EX', REFRESH_TOKEN_TTL_SECONDS)
        .exec(),
    );
    return `${family}.${secret}`;
  }

  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const { family, hash } = parseToken(token);
    const secret = newSecret();
    const [outcome, userId] = (await this.call(() =>
      this.redis.eval(
        ROTATE,
        3,
        familyKey(family),
        tokenKey(family, hash),
        tokenKey(family, hashSecret(secret)),
        REFRESH_TOKEN_TTL_SECONDS,
      ),
    )) as [string, string?];
    if (outcome === 'reused') throw reusedToken();
    if (outcome !== 'rotated' || !userId) throw invalidToken();
    return { userId, refreshToken: `${family}.${secret}` };
  }

  async revoke(token: string): Promise<void> {
    const { family, hash } = parseToken(token);
    await this.call(() => this.redis.eval(REVOKE, 2, familyKey(family), tokenKey(family, hash)));
  }
}
