import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import type { Authenticate } from '../auth/authenticate.ts';
import { query } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import { UPLOAD_KEY } from './uploads.ts';

export interface PostsOptions {
  readonly pool: pg.Pool;
  readonly authenticate: Authenticate;
  /** Unset when uploads are disabled: posts cannot have images then. */
  readonly mediaBaseUrl?: string;
}

interface PostRow {
  id: string;
  author_id: string;
  body: string;
  image_key: string | null;
  created_at: Date;
}

const postSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    authorId: { type: 'string' },
    body: { type: 'string' },
    imageUrl: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const COLUMNS = 'id, author_id, body, image_key, created_at';

/*
 * The cursor is the id of the last post on the page, base64url-wrapped so that clients treat it as opaque
 * and the encoding can change without breaking them. Ids only grow, so keyset pagination on id is stable
 * while new posts arrive: no duplicates, no gaps, and no OFFSET scans.
 */
function encodeCursor(id: string): string {
  return Buffer.from(`p:${id}`).toString('base64url');
}

/** PostgreSQL's bigint (the id column): a larger number would fail in the query, a 500 instead of a 400. */
const MAX_ID = 9_223_372_036_854_775_807n;

function decodeCursor(cursor: string): string {
  const match = /^p:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]!) > MAX_ID) {
    throw new HttpError(400, 'invalid_cursor', 'The cursor is not one this API returned.');
  }
  return match[1]!;
}

const postsRoutes: FastifyPluginAsync<PostsOptions> = async (app, options) => {
  const { pool, authenticate, mediaBaseUrl } = options;
  const present = (row: PostRow) => ({
    id: row.id,
    authorId: row.author_id,
    body: row.body,
    // Without a media base URL an image stored earlier has no address to show.
    imageUrl: row.image_key && mediaBaseUrl ? `${mediaBaseUrl}/${row.image_key}` : null,
    createdAt: row.created_at.toISOString(),
  });

  app.post<{ Body: { body: string; imageKey?: string } }>(
    '/posts',
    {
      preHandler: authenticate,
      schema: {
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: {
            body: { type: 'string', minLength: 1, maxLength: 2000 },
            imageKey: { type: 'string', maxLength: 200 },
          },
        },
        response: { 201: postSchema },
      },
    },
    async (request, reply) => {
      const userId = request.userId!;
      const { body, imageKey } = request.body;
      if (imageKey !== undefined && mediaBaseUrl === undefined) {
        throw new HttpError(
          400,
          'uploads_disabled',
          'Images are disabled on this deployment (it has no media bucket); send the post without imageKey.',
        );
      }
      // Only keys this API handed to this user for an upload, so a post cannot point at someone else's object.
      const match = imageKey === undefined ? undefined : UPLOAD_KEY.exec(imageKey);
      if (imageKey !== undefined && match?.[1] !== userId) {
        throw new HttpError(
          400,
          'invalid_image_key',
          'imageKey must be a key returned to you by POST /uploads.',
        );
      }
      const { rows } = await query<PostRow>(
        pool,
        `INSERT INTO posts (author_id, body, image_key) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [userId, body, imageKey ?? null],
      );
      return reply.code(201).send(present(rows[0]!));
    },
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/posts',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            cursor: { type: 'string', maxLength: 64 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: postSchema },
              nextCursor: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const before = cursor === undefined ? null : decodeCursor(cursor);
      // One extra row tells whether another page exists without a COUNT.
      const { rows } = await query<PostRow>(
        pool,
        `SELECT ${COLUMNS} FROM posts WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
        [before, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/posts/:id',
    {
      schema: {
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } },
        },
        response: { 200: postSchema },
      },
    },
    async (request) => {
      const { rows } = await query<PostRow>(pool, `SELECT ${COLUMNS} FROM posts WHERE id = $1`, [
        request.params.id,
      ]);
      const row = rows[0];
      if (!row) throw new HttpError(404, 'post_not_found', `There is no post ${request.params.id}.`);
      return present(row);
    },
  );
};

export default postsRoutes;
