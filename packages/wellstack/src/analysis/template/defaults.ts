import type { Resource, Template } from './template.ts';

/** A resource the template declares but does not create with its parameters' defaults. */
export interface NotCreated {
  readonly id: string;
  readonly resource: Resource;
  /** The resource's `Condition`, false with the defaults. */
  readonly condition: string;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The template as CloudFormation deploys it when every parameter keeps its default: resources whose
 * `Condition` is false are left out (and returned in `notCreated`), `Fn::If` takes the branch its
 * condition picks, `AWS::NoValue` removes the property or list item, and a `Ref` to a scalar parameter
 * with a default becomes that default. Whatever depends on a value the template does not tell (a
 * parameter without a default, a pseudo parameter, an import) stays as written.
 */
export function withDefaults(template: Template): { template: Template; notCreated: NotCreated[] } {
  const cache = new Map<string, boolean | undefined>();
  const condition = (name: string, seen: Set<string> = new Set()): boolean | undefined => {
    if (cache.has(name)) return cache.get(name);
    if (seen.has(name)) return undefined;
    seen.add(name);
    const value = evaluate(template, template.Conditions?.[name], (n) => condition(n, seen));
    cache.set(name, value);
    return value;
  };

  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'Ref') {
      if (record.Ref === 'AWS::NoValue') return NO_VALUE;
      const parameter = scalarDefault(template, record.Ref);
      return parameter === undefined ? value : parameter;
    }
    if (keys.length === 1 && keys[0] === 'Fn::If') {
      const args = record['Fn::If'];
      if (Array.isArray(args) && args.length === 3 && typeof args[0] === 'string') {
        const picked = condition(args[0]);
        if (picked !== undefined) return resolve(picked ? args[1] : args[2]);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) {
      const resolved = resolve(inner);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  };

  const resources: Record<string, Resource> = {};
  const notCreated: NotCreated[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (typeof resource.Condition === 'string' && condition(resource.Condition) === false) {
      notCreated.push({ id, resource, condition: resource.Condition });
      continue;
    }
    resources[id] =
      resource.Properties === undefined
        ? resource
        : { ...resource, Properties: resolve(resource.Properties) as Record<string, unknown> };
  }
  return { template: { ...template, Resources: resources }, notCreated };
}

/** The default of a parameter whose value is one literal (not a list, not an SSM parameter name). */
function scalarDefault(template: Template, name: unknown): string | number | boolean | undefined {
  if (typeof name !== 'string') return undefined;
  const parameter = template.Parameters?.[name];
  if (!parameter || !('Default' in parameter)) return undefined;
  const type = String(parameter.Type);
  if (type.startsWith('List<') || type === 'CommaDelimitedList' || type.startsWith('AWS::SSM::'))
    return undefined;
  const value = parameter.Default;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}

/** A condition expression with parameter defaults: true, false, or undefined when the template does not tell. */
function evaluate(
  template: Template,
  expression: unknown,
  condition: (name: string) => boolean | undefined,
): boolean | undefined {
  if (typeof expression !== 'object' || expression === null || Array.isArray(expression)) return undefined;
  const [fn, args] = Object.entries(expression as Record<string, unknown>)[0] ?? [];
  const list = Array.isArray(args) ? args : [];
  const sub = (e: unknown): boolean | undefined => evaluate(template, e, condition);
  switch (fn) {
    case 'Condition':
      return typeof args === 'string' ? condition(args) : undefined;
    case 'Fn::Not': {
      const inner = sub(list[0]);
      return inner === undefined ? undefined : !inner;
    }
    case 'Fn::And': {
      const values = list.map(sub);
      if (values.includes(false)) return false;
      return values.length > 0 && values.every((v) => v === true) ? true : undefined;
    }
    case 'Fn::Or': {
      const values = list.map(sub);
      if (values.includes(true)) return true;
      return values.length > 0 && values.every((v) => v === false) ? false : undefined;
    }
    case 'Fn::Equals': {
      const [a, b] = list.map((v) => scalar(template, v));
      return a === undefined || b === undefined ? undefined : a === b;
    }
    default:
      return undefined;
  }
}

function scalar(template: Template, value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const ref = (value as Record<string, unknown>).Ref;
    if (Object.keys(value).length === 1 && ref !== undefined) {
      const parameter = scalarDefault(template, ref);
      return parameter === undefined ? undefined : String(parameter);
    }
  }
  return undefined;
}
