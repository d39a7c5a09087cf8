import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from '../auth/access-tokens.ts';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { RefreshTokenStore } from '../auth/refresh-tokens.ts';
import { query, withTransaction } from '../db/pool.ts';
import { HttpError } from '../errors.ts';

export interface AuthOptions {
  readonly pool: pg.Pool;
  readonly accessTokens: AccessTokens;
  readonly refreshTokens: RefreshTokenStore;
  readonly rateLimit: { readonly max: number; readonly timeWindow: number };
}

interface Credentials {
  email: string;
  password: string;
}

const credentialsSchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    // The upper bound keeps a single request from making scrypt hash megabytes.
    password: { type: 'string', minLength: 8, maxLength: 200 },
  },
} as const;

const refreshSchema = {
  type: 'object',
  required: ['refreshToken'],
  additionalProperties: false,
  properties: { refreshToken: { type: 'string', maxLength: 200 } },
} as const;

const tokensSchema = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    refreshToken: { type: 'string' },
    expiresIn: { type: 'integer' },
    user: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } } },
  },
} as const;

const authRoutes: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const { pool, accessTokens, refreshTokens } = options;
  const limited = { rateLimit: options.rateLimit };

  const tokens = async (user: { id: string; email: string }, refreshToken: string) => ({
    accessToken: await accessTokens.issue(user.id),
    refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user,
  });

  app.post<{ Body: Credentials }>(
    '/auth/signup',
    { config: limited, schema: { body: credentialsSchema, response: { 201: tokensSchema } } },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const passwordHash = await hashPassword(request.body.password);
      // Tokens are issued inside the transaction: if Redis is down the account is not created either, so the
      // client can simply retry the sign-up; the PostgreSQL store writes its token in this very transaction.
      const body = await withTransaction(pool, async (client) => {
        const inserted = await client.query<{ id: string }>(
          'INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id',
          [email, passwordHash],
        );
        const user = inserted.rows[0];
        if (!user) throw new HttpError(409, 'email_taken', 'An account with this e-mail already exists.');
        return tokens({ id: user.id, email }, await refreshTokens.issue(user.id, client));
      });
      return reply.code(201).send(body);
    },
  );

  app.post<{ Body: Credentials }>(
    '/auth/login',
    { config: limited, schema: { body: credentialsSchema, response: { 200: tokensSchema } } },
    async (request) => {
      const email = request.body.email.trim().toLowerCase();
      const { rows } = await query<{ id: string; password_hash: string }>(
        pool,
        'SELECT id, password_hash FROM users WHERE email = $1',
        [email],
      );
      const user = rows[0];
      const valid = await verifyPassword(request.body.password, user?.password_hash ?? (await decoyHash()));
      if (!user || !valid) throw new HttpError(401, 'invalid_credentials', 'Wrong e-mail or password.');
      return tokens({ id: user.id, email }, await refreshTokens.issue(user.id));
    },
  );

  app.post<{ Body: { refreshToken: string } }>(
    '/auth/refresh',
    { config: limited, schema: { body: refreshSchema, response: { 200: tokensSchema } } },
    async (request) => {
      const { userId, refreshToken } = await refreshTokens.rotate(request.body.refreshToken);
      return {
        accessToken: await accessTokens.issue(userId),
        refreshToken,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      };
    },
  );

  app.post<{ Body: { refreshToken: string } }>(
    '/auth/logout',
    { config: limited, schema: { body: refreshSchema } },
    async (request, reply) => {
      await refreshTokens.revoke(request.body.refreshToken);
      return reply.code(204).send();
    },
  );
};

export default authRoutes;
