import { Writable } from 'node:stream';

export interface SlackOptions {
  /** Messages waiting beyond this are dropped (and counted), so an outage of Slack cannot eat memory. */
  readonly maxQueue?: number;
  /** A webhook call that takes longer is abandoned. */
  readonly timeoutMs?: number;
}

/**
 * Posts messages to a Slack incoming webhook, one at a time, off the request path: `notify` only enqueues
 * and returns, a bounded queue drops messages when Slack is slow or down, and every call has a timeout.
 */
export class SlackNotifier {
  private readonly queue: string[] = [];
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private sending: Promise<void> | undefined;
  /** Messages dropped because the queue was full. */
  dropped = 0;
  /** Webhook calls that failed or timed out. */
  failed = 0;

  constructor(
    private readonly webhookUrl: string,
    options: SlackOptions = {},
  ) {
    this.maxQueue = options.maxQueue ?? 100;
    this.timeoutMs = options.timeoutMs ?? 3_000;
  }

  notify(text: string): void {
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    this.queue.push(text);
    this.sending ??= this.drain().finally(() => {
      this.sending = undefined;
    });
  }

  /** Resolves when the queue is empty (used at shutdown, itself bounded by the per-call timeout). */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async drain(): Promise<void> {
    for (let text = this.queue.shift(); text !== undefined; text = this.queue.shift()) {
      try {
        const res = await fetch(this.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await res.body?.cancel();
        if (!res.ok) this.failed++;
      } catch {
        this.failed++;
      }
    }
  }
}

/** Turns one pino JSON line into a short Slack message. */
export function formatLogLine(line: string): string {
  let entry: {
    msg?: string;
    reqId?: string;
    err?: { type?: string; message?: string };
    req?: { url?: string };
  };
  try {
    entry = JSON.parse(line);
  } catch {
    return line.slice(0, 2_000);
  }
  const parts = [`:rotating_light: ${entry.msg ?? 'error'}`];
  if (entry.err?.message) parts.push(`${entry.err.type ?? 'Error'}: ${entry.err.message}`);
  if (entry.req?.url) parts.push(`url: ${entry.req.url}`);
  if (entry.reqId) parts.push(`request id: ${entry.reqId}`);
  return parts.join('\n').slice(0, 2_000);
}

/** A pino destination that forwards each line to Slack; pino's multistream sends it only error-level lines. */
export function slackLogStream(notifier: SlackNotifier): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      notifier.notify(formatLogLine(chunk.toString('utf8')));
      callback();
    },
  });
}
