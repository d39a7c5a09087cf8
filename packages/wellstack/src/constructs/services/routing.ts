import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { ServiceConfig } from '../../config/schema.ts';

type Routing = ServiceConfig['routing'];

/**
 * Default listener-rule priorities come from two things that do not change when other services do:
 * the kind of rule and the service's name. Each kind owns a band, more specific kinds lower (ALB
 * evaluates the lowest number first): host + path in 1–16000, host only in 16001–32000, path only in
 * 32001–48000. Inside a band the position is a hash of the name. Adding, removing or reordering other
 * services never moves a rule; an explicit `routing.priority` always wins.
 */
const BAND_SIZE = 16_000;
const BAND_START = { 'host-and-path': 1, host: 1 + BAND_SIZE, path: 1 + 2 * BAND_SIZE } as const;

/** An ALB rule holds at most five condition values in all. */
const MAX_CONDITION_VALUES = 5;

export type RuleKind = keyof typeof BAND_START;

/** The kind of listener rule a service's routing makes, or `undefined` for the default (no conditions). */
export function ruleKind(routing: Routing): RuleKind | undefined {
  const hosts = routing.hosts.length > 0;
  const paths = routing.paths.length > 0;
  if (hosts && paths) return 'host-and-path';
  if (hosts) return 'host';
  if (paths) return 'path';
  return undefined;
}

/** The listener-rule priority of a service, or `undefined` when it is the listener's default. */
export function rulePriority(name: string, routing: Routing): number | undefined {
  const kind = ruleKind(routing);
  if (kind === undefined) {
    if (routing.priority !== undefined) {
      throw new Error(
        `service "${name}": routing.priority (${routing.priority}) needs routing.hosts or routing.paths; without conditions the service is the listener's default`,
      );
    }
    return undefined;
  }
  return routing.priority ?? BAND_START[kind] + (fnv1a(name) % BAND_SIZE);
}

/** Listener-rule conditions for a service's routing: host-header and/or path-pattern. */
export function ruleConditions(name: string, routing: Routing): elbv2.ListenerCondition[] {
  const values = routing.hosts.length + routing.paths.length;
  if (values > MAX_CONDITION_VALUES) {
    throw new Error(
      `service "${name}": routing has ${values} hosts and paths but an ALB rule holds at most ${MAX_CONDITION_VALUES}: split the service's names or use wildcards`,
    );
  }
  return [
    ...(routing.hosts.length > 0 ? [elbv2.ListenerCondition.hostHeaders(routing.hosts)] : []),
    ...(routing.paths.length > 0 ? [elbv2.ListenerCondition.pathPatterns(routing.paths)] : []),
  ];
}

/**
 * Throws when two services sharing a listener get the same priority (explicit or derived), naming both
 * and the fix.
 */
export function assertDistinctPriorities(services: Readonly<Record<string, { routing: Routing }>>): void {
  const seen = new Map<number, string>();
  for (const [name, { routing }] of Object.entries(services)) {
    const priority = rulePriority(name, routing);
    if (priority === undefined) continue;
    const other = seen.get(priority);
    if (other !== undefined) {
      throw new Error(
        `services "${other}" and "${name}" share listener-rule priority ${priority}: set routing.priority on one of them to another value`,
      );
    }
    seen.set(priority, name);
  }
}

/** 32-bit FNV-1a: small, stable across Node versions and platforms, well spread for short names. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
