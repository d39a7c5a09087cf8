import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticate } from '../auth/authenticate.ts';
import { HttpError } from '../errors.ts';

export interface UploadsOptions {
  /** Unset when the deployment has no media bucket (MEDIA_BUCKET unset): uploads are disabled. */
  readonly media?: { readonly s3: S3Client; readonly bucket: string; readonly baseUrl: string };
  readonly authenticate: Authenticate;
}

const EXTENSIONS = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const;
type ImageType = keyof typeof EXTENSIONS;

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const EXPIRES_IN_SECONDS = 300;

/** `uploads/<user id>/<random id>.<ext>`; the user id lets POST /posts check that a key was issued to its author. */
export const UPLOAD_KEY = /^uploads\/([0-9a-f-]{36})\/[0-9a-f-]{36}\.(?:jpg|png|webp|gif)$/;

/**
 * Hands the browser a presigned S3 POST so image bytes go straight to S3, never through the service.
 * S3 itself enforces the policy: this key only, this content type only, 1 byte to 5 MiB, 5 minutes.
 */
const uploadsRoutes: FastifyPluginAsync<UploadsOptions> = async (app, options) => {
  const { media } = options;
  if (!media) {
    // 404, not 501: the deployment has no such resource, which is the client's to handle (GET /config says so),
    // not a server fault that clients should retry and that would count in the ALB's 5xx alarms.
    app.post('/uploads', async () => {
      throw new HttpError(
        404,
        'uploads_disabled',
        'Image uploads are disabled on this deployment (it has no media bucket); post without an image.',
      );
    });
    return;
  }
  app.post<{ Body: { contentType: ImageType } }>(
    '/uploads',
    {
      preHandler: options.authenticate,
      schema: {
        body: {
          type: 'object',
          required: ['contentType'],
          additionalProperties: false,
          properties: { contentType: { type: 'string', enum: Object.keys(EXTENSIONS) } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              url: { type: 'string' },
              fields: { type: 'object', additionalProperties: { type: 'string' } },
              key: { type: 'string' },
              publicUrl: { type: 'string' },
              maxBytes: { type: 'integer' },
              expiresIn: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const { contentType } = request.body;
      const key = `uploads/${request.userId}/${randomUUID()}.${EXTENSIONS[contentType]}`;
      const { url, fields } = await createPresignedPost(media.s3, {
        Bucket: media.bucket,
        Key: key,
        // Every entry of Fields also becomes an exact-match condition of the policy.
        Fields: { 'Content-Type': contentType },
        Conditions: [['content-length-range', 1, MAX_UPLOAD_BYTES]],
        Expires: EXPIRES_IN_SECONDS,
      });
      return {
        url,
        fields,
        key,
        publicUrl: `${media.baseUrl}/${key}`,
        maxBytes: MAX_UPLOAD_BYTES,
        expiresIn: EXPIRES_IN_SECONDS,
      };
    },
  );
};

export default uploadsRoutes;
