import type { StackTemplate } from '../../../template/index.ts';
import { portLabel, type WorldIngress as Ingress, worldIngress } from '../../support/network.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * Ingress from anywhere on ports other than HTTP(S). Rules whose range includes SSH are left to the
 * `SshOpenToWorld` rule, which reports them more severely, so one opening is not reported twice.
 */
export function WorldIngress(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => {
    const byResource = new Map<string, Ingress[]>();
    for (const rule of worldIngress(stack)) {
      if (opensOnlyWeb(rule) || (rule.from <= 22 && 22 <= rule.to && rule.protocol !== 'udp')) continue;
      byResource.set(rule.declaredBy.id, [...(byResource.get(rule.declaredBy.id) ?? []), rule]);
    }
    return [...byResource.values()].map((rules) =>
      hit(rules[0]!.declaredBy, `it admits ${rules.map(portLabel).join(', ')} from anywhere`),
    );
  });
}

function opensOnlyWeb(rule: Ingress): boolean {
  return rule.protocol !== 'all' && rule.from === rule.to && (rule.from === 80 || rule.from === 443);
}
