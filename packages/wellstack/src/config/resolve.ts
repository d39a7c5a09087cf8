import { existsSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError, type ConfigProblem, problemsFrom } from './errors.ts';
import { type AvailablePreset, PRESET_NAMES, PRESETS } from './presets.ts';
import { ConfigSchema, type ResolvedConfig, type WellstackConfigInput } from './schema.ts';

/** Typed identity for `wellstack.config.ts`: `export default defineConfig({ preset: 'startup', ... })`. */
export function defineConfig(config: WellstackConfigInput): WellstackConfigInput {
  return config;
}

/**
 * Deep-merges the user's fields over the named preset and applies the schema: defaults, checks and
 * messages. Objects merge key by key (services by name); arrays and `false` replace.
 */
export function resolveConfig(input: unknown, source = 'config'): ResolvedConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(
      [{ path: '', value: input, message: 'must be an object: export default defineConfig({ ... })' }],
      source,
    );
  }
  const presetName = (input as { preset?: unknown }).preset ?? 'startup';
  const preset = PRESETS[presetName as AvailablePreset] ?? {};
  const merged = deepMerge(preset, input);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(problemsFrom(result.error.issues, merged, knownKeysAt), source);
  return result.data;
}

export interface LoadOptions {
  /** Path of the config file; default `wellstack.config.ts` in the working directory when it exists. */
  readonly file?: string;
  /** Preset to start from: overrides the file's `preset`, or plans the bare preset when there is no file. */
  readonly preset?: string;
  /** Region override. */
  readonly region?: string;
  readonly cwd?: string;
}

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** The config file read, or undefined for a bare preset. */
  readonly file?: string;
  /** Folder that relative paths in the config (e.g. `web.dist`) are resolved against. */
  readonly baseDir: string;
}

/** Loads a TypeScript (or JavaScript) config file without a build step and resolves it. */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const overrides = {
    ...(options.preset !== undefined ? { preset: options.preset } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  };
  if (options.preset !== undefined && !(PRESET_NAMES as string[]).includes(options.preset)) {
    throw new ConfigError(
      [{ path: 'preset', value: options.preset, message: `must be one of ${PRESET_NAMES.join(' | ')}` }],
      '--preset',
    );
  }
  const file = options.file ? resolvePath(cwd, options.file) : undefined;
  if (file === undefined && options.preset !== undefined) {
    return { config: resolveConfig(overrides, `preset ${options.preset}`), baseDir: cwd };
  }
  const path = file ?? resolvePath(cwd, 'wellstack.config.ts');
  if (!existsSync(path)) {
    throw new ConfigError(
      [
        {
          path: '',
          message: `${path} does not exist: create it (see examples/), pass --config FILE, or plan a bare preset with --preset startup`,
        },
      ],
      path,
    );
  }
  const input = await importConfig(path);
  return {
    config: resolveConfig({ ...(input as object), ...overrides }, path),
    file: path,
    baseDir: dirname(path),
  };
}

async function importConfig(path: string): Promise<unknown> {
  // tsx compiles the config (and what it imports) on the fly, so users need no build step.
  const { tsImport } = await import('tsx/esm/api');
  let mod: { default?: unknown; config?: unknown };
  try {
    mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as typeof mod;
  } catch (error) {
    const problem: ConfigProblem = {
      path: '',
      message: `could not be loaded: ${(error as Error).message.split('\n')[0]} — fix the TypeScript error and retry`,
    };
    throw new ConfigError([problem], path);
  }
  const value = mod.default ?? mod.config;
  if (value === undefined) {
    throw new ConfigError(
      [{ path: '', message: 'exports no config: add `export default defineConfig({ ... })`' }],
      path,
    );
  }
  return value;
}

/** Deep merge for config objects: plain objects merge, everything else (arrays, false, scalars) replaces. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field names the schema allows at a path, found by walking the schema's own definition. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = ConfigSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = schema.shape[String(key)] as z.ZodType | undefined;
    else if (schema instanceof z.ZodRecord) schema = schema._zod.def.valueType as z.ZodType;
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
      s = s._zod.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodUnion) {
      s = (s._zod.def.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject);
    } else if (s instanceof z.ZodPipe) {
      s = s._zod.def.in as z.ZodType;
    } else return s;
  }
}

/** The JSON schema editors use for completion and checks (`wellstack schema`). */
export function configJsonSchema(): object {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' });
}
