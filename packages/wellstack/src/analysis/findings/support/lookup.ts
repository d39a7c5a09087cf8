import { type Resource, type ResourceRef, refTarget, type StackTemplate } from '../../template/index.ts';

/** The resource a value points at (`Ref` / `Fn::GetAtt`) in the same stack, optionally only of one type. */
export function target(stack: StackTemplate, value: unknown, type?: string): ResourceRef | undefined {
  const id = typeof value === 'string' ? undefined : refTarget(value);
  return id ? byId(stack, id, type) : undefined;
}

export function byId(stack: StackTemplate, id: string, type?: string): ResourceRef | undefined {
  const resource = stack.template.Resources?.[id];
  if (!resource || (type && resource.Type !== type)) return undefined;
  return { stack: stack.name, id, resource };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list property as an array; a single value (or an intrinsic standing for a list) becomes `[value]`. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** True for the literal boolean (or the string CloudFormation also accepts) `true`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The `Key`/`Value` tags of a resource (both the list and the map form) as a map. */
export function tagsOf(resource: Resource): Record<string, unknown> {
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) {
    return Object.fromEntries(
      tags.filter(isRecord).flatMap((t) => (typeof t.Key === 'string' ? [[t.Key, t.Value]] : [])),
    );
  }
  return isRecord(tags) ? tags : {};
}
