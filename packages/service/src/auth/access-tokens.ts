import { errors, jwtVerify, SignJWT } from 'jose';
import { HttpError } from '../errors.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'wellstack';
const AUDIENCE = 'wellstack-api';

/** Short-lived HS256 JWTs: stateless to check, so a Redis outage does not stop authenticated reads and writes. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(userId: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Returns the user id, or throws a 401 HttpError saying why the token was refused. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // jose checks `exp` only when present: a token without one would never expire.
        requiredClaims: ['exp', 'sub'],
      });
      if (!payload.sub) throw new HttpError(401, 'invalid_token', 'The access token has no subject.');
      return payload.sub;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof errors.JWTExpired) {
        throw new HttpError(401, 'token_expired', 'The access token has expired; refresh it.');
      }
      throw new HttpError(401, 'invalid_token', 'The access token is invalid.');
    }
  }
}
