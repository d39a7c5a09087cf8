import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import type { AccessTokens } from './access-tokens.ts';

/** A pre-handler for protected routes: sets request.userId or answers 401. */
export type Authenticate = (request: FastifyRequest) => Promise<void>;

export function createAuthenticate(accessTokens: AccessTokens): Authenticate {
  return async (request) => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new HttpError(401, 'unauthorized', 'Send an access token as "Authorization: Bearer <token>".');
    }
    request.userId = await accessTokens.verify(match[1]!);
  };
}
