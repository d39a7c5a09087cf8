import type { ResourceRef, StackTemplate } from '../../template/index.ts';
import type { RuleOptions } from './rule.ts';
import { tagsOf } from './lookup.ts';

/** Tags that name the stage, most specific first. */
export const STAGE_TAGS = ['wellstack:stage', 'Stage', 'stage', 'Environment', 'environment', 'Env', 'env'];
const NON_PRODUCTION = /^(dev|develop|development|test|testing|qa|staging|stage|sandbox|preview|demo)$/i;

/**
 * The stage a resource deploys to: `options.stage` when given, else the resource's own stage tag, else
 * the one stage tag value the stack's resources share (stack tags reach every taggable resource).
 * Undefined when nothing says, or the stack's resources disagree.
 */
export function stageOf(stack: StackTemplate, ref: ResourceRef, options: RuleOptions): string | undefined {
  if (options.stage) return options.stage;
  const own = tagStage(tagsOf(ref.resource));
  if (own) return own;
  const values = new Set(
    Object.values(stack.template.Resources ?? {}).flatMap((r) => tagStage(tagsOf(r)) ?? []),
  );
  return values.size === 1 ? [...values][0] : undefined;
}

export function isNonProduction(stage: string | undefined): boolean {
  return stage !== undefined && NON_PRODUCTION.test(stage);
}

function tagStage(tags: Record<string, unknown>): string | undefined {
  const key = STAGE_TAGS.find((k) => typeof tags[k] === 'string');
  return key ? (tags[key] as string) : undefined;
}
