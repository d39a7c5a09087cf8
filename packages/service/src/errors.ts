/** An error whose status, code and message are meant for the client: `{ error: code, message, details? }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type Dependency = 'database' | 'redis';

/**
 * PostgreSQL or Redis could not be reached (down, restarting, failing over, timing out). Answered with 503
 * and Retry-After so clients and the load balancer back off instead of seeing a 500.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    options: { cause: unknown },
  ) {
    super(
      `${dependency} unavailable: ${(options.cause as Error)?.message ?? String(options.cause)}`,
      options,
    );
  }
}
