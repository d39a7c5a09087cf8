/**
 * Client for the reference service's API (routes in src/routes/). The access token lives only in this
 * object's memory; the refresh token and the user are kept in sessionStorage so that a reload of the tab
 * keeps the session (the API hands the refresh token out in the response body, not as a cookie).
 */

export interface User {
  readonly id: string;
  readonly email: string;
}

export interface Post {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  readonly imageUrl: string | null;
  readonly createdAt: string;
}

export interface PostPage {
  readonly items: Post[];
  readonly nextCursor: string | null;
}

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly user?: User;
}

interface PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly key: string;
  readonly maxBytes: number;
}

interface StoredSession {
  readonly refreshToken: string;
  readonly user: User;
}

/** The image types POST /uploads signs for. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'wellstack.session';

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return new ApiError(response.status, body.error ?? 'error', body.message ?? response.statusText);
  } catch {
    return new ApiError(response.status, 'error', text || response.statusText);
  }
}

export class Api {
  private accessToken: string | null = null;
  private session: StoredSession | null;
  /** One refresh at a time: refresh tokens rotate, and presenting a used one revokes the whole session. */
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly base: string,
    private readonly storage: Storage,
  ) {
    const stored = storage.getItem(SESSION_KEY);
    this.session = stored ? (JSON.parse(stored) as StoredSession) : null;
  }

  get user(): User | null {
    return this.session?.user ?? null;
  }

  signUp(email: string, password: string): Promise<User> {
    return this.start('/auth/signup', { email, password });
  }

  logIn(email: string, password: string): Promise<User> {
    return this.start('/auth/login', { email, password });
  }

  async logOut(): Promise<void> {
    const refreshToken = this.session?.refreshToken;
    this.forget();
    if (refreshToken) await this.call('POST', '/auth/logout', { refreshToken });
  }

  /** Whether POST /uploads works on this deployment (it has a media bucket). */
  async uploadsEnabled(): Promise<boolean> {
    return ((await (await this.call('GET', '/config')).json()) as { uploads: boolean }).uploads;
  }

  async listPosts(cursor?: string): Promise<PostPage> {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    return (await this.call('GET', `/posts${query}`)).json() as Promise<PostPage>;
  }

  async createPost(body: string, image: File | null): Promise<Post> {
    const imageKey = image ? await this.upload(image) : undefined;
    const response = await this.authorized('POST', '/posts', imageKey ? { body, imageKey } : { body });
    return response.json() as Promise<Post>;
  }

  /** Presigned POST from the API, then the file straight to S3; returns the object key for the post. */
  private async upload(file: File): Promise<string> {
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
      throw new ApiError(
        400,
        'unsupported_image',
        `Images must be JPEG, PNG, WebP or GIF (got ${file.type || 'unknown'}).`,
      );
    }
    const response = await this.authorized('POST', '/uploads', { contentType: file.type });
    const presigned = (await response.json()) as PresignedPost;
    if (file.size > presigned.maxBytes) {
      throw new ApiError(
        413,
        'image_too_large',
        `Images may be at most ${presigned.maxBytes / 1024 / 1024} MiB.`,
      );
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
    form.append('file', file); // S3 ignores every field after the file.
    const stored = await fetch(presigned.url, { method: 'POST', body: form });
    if (!stored.ok) {
      const xml = await stored.text();
      const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? stored.statusText;
      throw new ApiError(stored.status, 'upload_failed', `The image upload failed: ${message}`);
    }
    return presigned.key;
  }

  private async start(path: string, credentials: { email: string; password: string }): Promise<User> {
    const tokens = (await (await this.call('POST', path, credentials)).json()) as Tokens;
    if (!tokens.user) throw new ApiError(500, 'bad_response', `${path} answered without a user.`);
    this.remember(tokens, tokens.user);
    return tokens.user;
  }

  /** A request with the access token; on 401 it refreshes the tokens once and tries again. */
  private async authorized(method: string, path: string, body?: unknown): Promise<Response> {
    if (!this.accessToken) await this.refresh();
    try {
      return await this.call(method, path, body, this.accessToken);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.refresh();
      return this.call(method, path, body, this.accessToken);
    }
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(): Promise<void> {
    const session = this.session;
    if (!session) throw new ApiError(401, 'logged_out', 'Log in first.');
    try {
      const response = await this.call('POST', '/auth/refresh', { refreshToken: session.refreshToken });
      this.remember((await response.json()) as Tokens, session.user);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.forget();
        throw new ApiError(401, 'session_ended', 'Your session has ended; log in again.');
      }
      throw err;
    }
  }

  private remember(tokens: Tokens, user: User): void {
    this.accessToken = tokens.accessToken;
    this.session = { refreshToken: tokens.refreshToken, user };
    this.storage.setItem(SESSION_KEY, JSON.stringify(this.session));
  }

  private forget(): void {
    this.accessToken = null;
    this.session = null;
    this.storage.removeItem(SESSION_KEY);
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    accessToken?: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await errorFrom(response);
    return response;
  }
}
