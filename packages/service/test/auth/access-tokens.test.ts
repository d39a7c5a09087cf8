import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.ts';

const SECRET = 'a-test-signing-key-of-at-least-32-characters';
const tokens = new AccessTokens(SECRET);
const key = new TextEncoder().encode(SECRET);

/** A token signed with the right key, issuer and audience, built by hand so one claim can be left out. */
function forged(build: (jwt: SignJWT) => SignJWT): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('wellstack')
    .setAudience('wellstack-api');
  return build(jwt).sign(key);
}

describe('AccessTokens', () => {
  it('accepts the tokens it issues and returns the user id', async () => {
    expect(await tokens.verify(await tokens.issue('user-1'))).toBe('user-1');
  });

  it('refuses a correctly signed token without an expiry, which would never expire', async () => {
    const token = await forged((jwt) => jwt.setSubject('user-1'));
    await expect(tokens.verify(token)).rejects.toMatchObject({ statusCode: 401, code: 'invalid_token' });
  });

  it('refuses an expired token as expired', async () => {
    const token = await forged((jwt) =>
      jwt.setSubject('user-1').setExpirationTime(Math.floor(Date.now() / 1000) - 60),
    );
    await expect(tokens.verify(token)).rejects.toMatchObject({ statusCode: 401, code: 'token_expired' });
  });
});
