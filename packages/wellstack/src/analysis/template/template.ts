import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type NotCreated, withDefaults } from './defaults.ts';

/** One CloudFormation resource as it stands in a synthesized template. */
export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Template {
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly Mappings?: Record<string, unknown>;
  readonly Conditions?: Record<string, unknown>;
}

/** A template with the name of its stack, the region it deploys to (when known) and where it was read from. */
export interface StackTemplate {
  readonly name: string;
  readonly template: Template;
  /** Region from the cloud assembly manifest; undefined for environment-agnostic stacks and loose files. */
  readonly region?: string;
  /** Path of the template file, when it was read from disk. */
  readonly file?: string;
  /** Resources whose `Condition` is false with the parameters' defaults: read from disk, they are left out of `template`. */
  readonly notCreated?: readonly NotCreated[];
}

/** A resource together with its logical id and stack: what every analysis iterates over. */
export interface ResourceRef {
  readonly stack: string;
  readonly id: string;
  readonly resource: Resource;
}

export class TemplateReadError extends Error {}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string };
  readonly displayName?: string;
}

/**
 * Reads templates from a template file (JSON) or a cloud assembly directory (`cdk.out`, or a folder
 * that contains one). YAML templates are not read: synthesize or convert them to JSON first.
 */
export function loadTemplates(path: string): StackTemplate[] {
  if (!existsSync(path))
    throw new TemplateReadError(`${path} does not exist: pass a template .json file or a cdk.out directory`);
  if (statSync(path).isDirectory()) {
    const manifest = [join(path, 'manifest.json'), join(path, 'cdk.out', 'manifest.json')].find(existsSync);
    if (!manifest)
      throw new TemplateReadError(
        `${path} has no manifest.json: pass a cdk.out directory or a template .json file`,
      );
    return loadAssembly(dirname(manifest));
  }
  return [{ name: basename(path).replace(/\.(template\.)?json$/, ''), ...readTemplate(path), file: path }];
}

function loadAssembly(dir: string): StackTemplate[] {
  const manifest = readJson(join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      // Nested assemblies (CDK Stages) hold their own manifest.
      const nested = (artifact.properties as { directoryName?: string } | undefined)?.directoryName;
      if (nested) stacks.push(...loadAssembly(join(dir, nested)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const file = join(dir, artifact.properties.templateFile);
    const region = artifact.environment?.split('/').pop();
    stacks.push({
      name: artifact.displayName ?? id,
      ...readTemplate(file),
      file,
      ...(region && region !== 'unknown-region' ? { region } : {}),
    });
  }
  return stacks;
}

/** A template as deployed with its parameters' defaults (see `withDefaults`), and what it then does not create. */
function readTemplate(file: string): { template: Template; notCreated?: readonly NotCreated[] } {
  const parsed = readJson(file);
  if (typeof parsed !== 'object' || parsed === null || !('Resources' in parsed)) {
    throw new TemplateReadError(`${file} is not a CloudFormation template: it has no "Resources" section`);
  }
  const { template, notCreated } = withDefaults(parsed as Template);
  return { template, ...(notCreated.length > 0 ? { notCreated } : {}) };
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TemplateReadError(
      `${file} is not valid JSON (${(error as Error).message}); YAML templates are not supported`,
    );
  }
}

/** Every resource of every stack, in template order. */
export function allResources(stacks: readonly StackTemplate[]): ResourceRef[] {
  return stacks.flatMap((s) =>
    Object.entries(s.template.Resources ?? {}).map(([id, resource]) => ({ stack: s.name, id, resource })),
  );
}

/** The resources of one CloudFormation type (e.g. `AWS::EC2::SecurityGroupIngress`). */
export function resourcesOfType(stacks: readonly StackTemplate[], type: string): ResourceRef[] {
  return allResources(stacks).filter((r) => r.resource.Type === type);
}

/** The CDK construct path (`Stack/Network/Vpc/Resource`) when the template carries CDK metadata, else the logical id. */
export function cdkPath(ref: ResourceRef): string {
  const path = ref.resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path : `${ref.stack}/${ref.id}`;
}

/** A property of a resource by dotted path (`LaunchTemplateData.MetadataOptions.HttpTokens`). */
export function prop(resource: Resource, path: string): unknown {
  let value: unknown = resource.Properties;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Walks a template value depth-first: `onEntry` sees every key of every object and returns true when it
 * consumed the entry, else the walk descends into it.
 */
function walk(value: unknown, onEntry: (key: string, inner: unknown) => boolean): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, onEntry);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) if (!onEntry(key, inner)) walk(inner, onEntry);
}

/**
 * Logical ids referenced anywhere inside a value through `Ref`, `Fn::GetAtt` or `Fn::Sub`
 * (`${Id}` and `${Id.Attr}`); pseudo parameters (`AWS::Region`) are left out.
 */
export function refsIn(value: unknown): string[] {
  const found = new Set<string>();
  walk(value, (key, inner) => {
    if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) found.add(inner);
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(inner)
        ? inner[0]
        : typeof inner === 'string'
          ? inner.split('.')[0]
          : undefined;
      if (typeof target === 'string') found.add(target);
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) {
          if (m[1]) found.add(m[1]);
        }
      }
      if (Array.isArray(inner)) for (const r of refsIn(inner[1])) found.add(r);
    } else return false;
    return true;
  });
  return [...found];
}

/** The single logical id a value points at (`{ Ref: X }` or `{ Fn::GetAtt: [X, ...] }`), else undefined. */
export function refTarget(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const refs = refsIn(value);
  return refs.length === 1 ? refs[0] : undefined;
}

/** A number from a template value that may be a literal string or number; undefined for intrinsics. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Export names a value imports through `Fn::ImportValue` with a literal name (how CDK passes values between stacks). */
export function importsIn(value: unknown): string[] {
  const found = new Set<string>();
  walk(value, (key, inner) => {
    if (key !== 'Fn::ImportValue' || typeof inner !== 'string') return false;
    found.add(inner);
    return true;
  });
  return [...found];
}

/** The value of a tag from a resource's `Tags` list (`[{ Key, Value }]`) or map; undefined when absent or not a literal. */
export function tagValue(resource: Resource, key: string): string | undefined {
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) {
    const tag = tags.find((t) => typeof t === 'object' && t !== null && (t as { Key?: unknown }).Key === key);
    const value = (tag as { Value?: unknown } | undefined)?.Value;
    return typeof value === 'string' ? value : undefined;
  }
  if (typeof tags === 'object' && tags !== null) {
    const value = (tags as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * A value with a `{ Ref: Parameter }` replaced by that parameter's default, so literals behind
 * parameters can be read; any other value is returned as it is.
 */
export function withParameterDefaults(template: Template, value: unknown): unknown {
  const target = refTarget(value);
  if (target === undefined || !('Ref' in (value as object))) return value;
  const parameter = template.Parameters?.[target];
  return parameter && 'Default' in parameter ? parameter.Default : value;
}
