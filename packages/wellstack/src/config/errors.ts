import type { z } from 'zod';

/** A user mistake in the config: printed as a list of `field: problem — fix` lines, never a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly source: string,
  ) {
    super(
      `${source} is not a valid wellstack config:\n${problems.map((p) => `  ✖ ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export interface ConfigProblem {
  /** Dotted field path, e.g. `services.api.capacity.min`; empty for the whole config. */
  readonly path: string;
  /** The value found there (undefined when the field is missing). */
  readonly value?: unknown;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.path === '' ? '(config)' : p.path;
  // Scalars are worth echoing; whole objects would bury the message.
  const got = p.value === undefined || typeof p.value === 'object' ? '' : ` (got ${JSON.stringify(p.value)})`;
  return `${where}: ${p.message}${got}`;
}

/** Turns zod issues into problems that name the field, the bad value and the fix. */
export function problemsFrom(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  knownKeys: KnownKeys,
): ConfigProblem[] {
  return issues.flatMap((issue) => problemsOf(issue, [], input, knownKeys));
}

/** The field names the schema allows at a path (for "did you mean" hints). */
export type KnownKeys = (path: readonly PropertyKey[]) => string[];

function problemsOf(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  input: unknown,
  knownKeys: KnownKeys,
): ConfigProblem[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(input, path);
  const dotted = path.map(String).join('.');
  switch (issue.code) {
    case 'invalid_union': {
      // `false | {...}` unions: report the branch that matches the value's shape, not both.
      const branches = issue.errors.filter((branch) => !branch.every((i) => i.path.length === 0));
      const chosen = branches.length > 0 ? branches : issue.errors.slice(-1);
      const problems = chosen.flat().flatMap((inner) => problemsOf(inner, path, input, knownKeys));
      if (branches.length === 0) {
        return [
          {
            path: dotted,
            value,
            message: 'must be false (off) or an object of settings, e.g. {} for the defaults',
          },
        ];
      }
      return problems;
    }
    case 'unrecognized_keys': {
      const known = knownKeys(path);
      return issue.keys.map((key) => {
        const close = closest(key, known);
        return {
          path: [...path, key].map(String).join('.'),
          message: close
            ? `unknown field: did you mean "${close}"?`
            : `unknown field: remove it${known.length > 0 ? ` (known fields: ${known.join(', ')})` : ''}`,
        };
      });
    }
    case 'invalid_value':
      return [
        {
          path: dotted,
          value,
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`,
        },
      ];
    case 'invalid_type':
      return [
        {
          path: dotted,
          value,
          message:
            value === undefined
              ? `is required (${issue.expected}): add it`
              : `must be ${article(issue.expected)} ${issue.expected}, not ${describe(value)}`,
        },
      ];
    case 'too_small':
    case 'too_big': {
      const [word, bound] =
        issue.code === 'too_small' ? ['at least', issue.minimum] : ['at most', issue.maximum];
      const message = schemaMessage(issue) ?? boundMessage(word, bound, issue.origin, issue.inclusive);
      return [{ path: dotted, value, message }];
    }
    case 'invalid_key':
      return [
        {
          path: dotted,
          message: `the name "${String(path.at(-1))}" ${issue.issues.map((i) => i.message).join('; ')}`,
        },
      ];
    default:
      // Custom and format issues carry messages written in the schema (they already say the fix).
      return [{ path: dotted, value, message: issue.message }];
  }
}

/** The known field names nearest to a misspelt one (edit distance at most 2). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** A message written in the schema, as opposed to zod's generic "Too small: …". */
function schemaMessage(issue: z.core.$ZodIssue): string | undefined {
  return /^Too (small|big)/.test(issue.message) ? undefined : issue.message;
}

function boundMessage(word: string, bound: number | bigint, origin: string, inclusive?: boolean): string {
  const n = Number(bound);
  switch (origin) {
    case 'string':
      return `must have ${word} ${n} characters`;
    case 'array':
      return `must have ${word} ${n} entries`;
    default:
      return inclusive === false
        ? `must be ${word === 'at least' ? 'greater' : 'less'} than ${n}`
        : `must be ${word} ${n}`;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${article(typeof value)} ${typeof value}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
