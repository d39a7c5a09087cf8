import type { StackTemplate } from '../../../template/index.ts';
import { portLabel, worldIngress } from '../../support/network.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** SSH (TCP 22, alone or inside a wider range) reachable from anywhere (seed 002 v3). */
export function SshOpenToWorld(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => {
    const seen = new Set<string>();
    return worldIngress(stack).flatMap((rule) => {
      if (rule.protocol === 'udp' || rule.from > 22 || rule.to < 22 || seen.has(rule.declaredBy.id))
        return [];
      seen.add(rule.declaredBy.id);
      return [hit(rule.declaredBy, `it admits ${portLabel(rule)} from anywhere`)];
    });
  });
}
