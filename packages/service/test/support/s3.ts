/**
 * A one-purpose S3 stand-in: browser POST-object uploads (the only S3 call the service's clients make) and
 * GET of what was uploaded. It exists because the npm S3 emulators we checked accept a POST without
 * looking at its policy (s3rver 3.7 marks `policy` as unimplemented), which would let a test pass with a
 * broken size or type bound. This receiver enforces what real S3 enforces for a POST:
 * - the SigV4 signature of the policy, the access key and the credential scope;
 * - the policy's expiration;
 * - every condition: exact match `{ field: value }`, `["eq", "$field", value]`,
 *   `["starts-with", "$field", prefix]` and `["content-length-range", min, max]` on the file's size;
 * - every form field other than `policy`, `x-amz-signature`, `file` and `x-ignore-*` must be named by a
 *   condition.
 * Errors come back as S3's XML error bodies with S3's codes and statuses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from './postgres.ts';

export interface StoredObject {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface LocalS3 extends RunningServer {
  /** Endpoint for the S3 client (`forcePathStyle: true`), e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly bucket: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Where uploaded objects are served from, the stand-in for MEDIA_BASE_URL: `${url}/${bucket}` */
  readonly publicBaseUrl: string;
  /** The object stored under key, if any. */
  getObject(key: string): StoredObject | undefined;
}

export interface S3Options {
  readonly bucket?: string;
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

/** Hard cap on a request body, well above any policy the service signs, so a test cannot exhaust memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Condition = Record<string, unknown> | unknown[];

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new S3Error(400, 'MaxPostPreDataLengthExceeded', 'Your POST request is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendXml(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')}</Message></Error>`,
  );
}

export async function startS3(options: S3Options = {}): Promise<LocalS3> {
  const bucket = options.bucket ?? 'wellstack-media-test';
  const region = options.region ?? 'eu-west-1';
  const credentials = {
    accessKeyId: options.accessKeyId ?? 'AKIAWELLSTACKTEST',
    secretAccessKey: options.secretAccessKey ?? 'wellstack-test-secret-access-key',
  };
  const objects = new Map<string, StoredObject>();

  function verifySignature(fields: Map<string, string>, policy: string): void {
    const credential = fields.get('x-amz-credential') ?? '';
    const signature = fields.get('x-amz-signature') ?? '';
    if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
      throw new S3Error(400, 'InvalidRequest', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256');
    }
    const [accessKeyId, date, scopeRegion, service, terminator] = credential.split('/');
    if (accessKeyId !== credentials.accessKeyId) {
      throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist');
    }
    if (!date || scopeRegion !== region || service !== 's3' || terminator !== 'aws4_request') {
      throw new S3Error(400, 'AuthorizationQueryParametersError', `Invalid credential scope ${credential}`);
    }
    const signingKey = hmac(
      hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 's3'),
      'aws4_request',
    );
    const expected = hmac(signingKey, policy);
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature does not match');
    }
  }

  function verifyPolicy(fields: Map<string, string>, fileSize: number): void {
    const encoded = fields.get('policy');
    if (!encoded) throw new S3Error(403, 'AccessDenied', 'Bucket POST must contain a field named policy');
    verifySignature(fields, encoded);
    const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
      expiration?: string;
      conditions?: Condition[];
    };
    if (!policy.expiration || Date.parse(policy.expiration) < Date.now()) {
      throw new S3Error(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
    }
    const covered = new Set<string>();
    const fail = (condition: Condition) => {
      throw new S3Error(
        403,
        'AccessDenied',
        `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
      );
    };
    for (const condition of policy.conditions ?? []) {
      if (!Array.isArray(condition)) {
        for (const [name, value] of Object.entries(condition)) {
          covered.add(name.toLowerCase());
          if (fields.get(name.toLowerCase()) !== value) fail(condition);
        }
        continue;
      }
      const [op, target, value] = condition;
      if (op === 'content-length-range') {
        if (fileSize < Number(target)) {
          throw new S3Error(
            400,
            'EntityTooSmall',
            'Your proposed upload is smaller than the minimum allowed size',
          );
        }
        if (fileSize > Number(value)) {
          throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        }
        continue;
      }
      const name = String(target).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      const actual = fields.get(name) ?? '';
      if (op === 'eq' && actual !== value) fail(condition);
      else if (op === 'starts-with' && !actual.startsWith(String(value))) fail(condition);
      else if (op !== 'eq' && op !== 'starts-with') fail(condition);
    }
    for (const name of fields.keys()) {
      if (name === 'policy' || name === 'x-amz-signature' || name.startsWith('x-ignore-')) continue;
      if (!covered.has(name)) {
        throw new S3Error(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${name}`);
      }
    }
  }

  async function postObject(req: IncomingMessage, res: ServerResponse, pathBucket: string): Promise<void> {
    if (pathBucket !== bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      throw new S3Error(
        412,
        'PreconditionFailed',
        'Bucket POST must be of the enclosure-type multipart/form-data',
      );
    }
    const body = await readBody(req);
    const form = await new Request('http://s3.local/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
    const fields = new Map<string, string>();
    let file: Blob | undefined;
    for (const [name, value] of form.entries()) {
      if (name === 'file') {
        if (typeof value === 'string') throw new S3Error(400, 'InvalidArgument', 'file must be a file part');
        file = value;
      } else if (typeof value === 'string') {
        fields.set(name.toLowerCase(), value);
      }
    }
    if (!file)
      throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    const key = fields.get('key');
    if (!key) throw new S3Error(400, 'InvalidArgument', "Bucket POST must contain a field named 'key'.");
    fields.set('bucket', fields.get('bucket') ?? pathBucket);
    verifyPolicy(fields, file.size);
    objects.set(key, {
      contentType: fields.get('content-type') ?? 'binary/octet-stream',
      body: Buffer.from(await file.arrayBuffer()),
    });
    res.writeHead(204, { location: `${publicBaseUrl}/${encodeURI(key)}` });
    res.end();
  }

  function getObject(res: ServerResponse, pathBucket: string, key: string, head: boolean): void {
    const object = pathBucket === bucket ? objects.get(key) : undefined;
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length });
    res.end(head ? undefined : object.body);
  }

  const server = createServer((req, res) => {
    // Browsers post the form cross-origin from the web front end and may read the answer.
    res.setHeader('access-control-allow-origin', '*');
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [, pathBucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const handle = async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, HEAD, POST',
          'access-control-allow-headers': '*',
        });
        res.end();
      } else if (req.method === 'POST' && key === '') await postObject(req, res, pathBucket);
      else if (req.method === 'GET' || req.method === 'HEAD')
        getObject(res, pathBucket, key, req.method === 'HEAD');
      else
        throw new S3Error(
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
        );
    };
    handle().catch((err: unknown) => {
      if (err instanceof S3Error) sendXml(res, err.status, err.code, err.message);
      else sendXml(res, 500, 'InternalError', String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const publicBaseUrl = `${url}/${bucket}`;
  return {
    url,
    bucket,
    region,
    credentials,
    publicBaseUrl,
    getObject: (key) => objects.get(key),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
