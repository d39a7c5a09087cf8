import { buildGraph, renderSvg, toMermaid } from '../../src/analysis/diagram/index.ts';
import { estimate } from '../../src/analysis/cost/index.ts';
import type { LineItem } from '../../src/analysis/cost/types.ts';
import { check, type Finding } from '../../src/analysis/findings/index.ts';
import { allResources, type StackTemplate } from '../../src/analysis/template/index.ts';
import type { Plan } from '../../src/report/index.ts';
import { haStacks } from '../fixtures/diagram/ha.ts';

/** A figure without a published source: the report must flag it. */
export const UNVERIFIED_LINE: LineItem = {
  resource: 'EdgeDistribution',
  type: 'AWS::CloudFront::Distribution',
  description: 'CloudFront requests (1M HTTPS)',
  quantity: 1_000_000,
  unit: 'request',
  unitPrice: 0.0000012,
  monthly: 1.2,
  source: 'unverified',
};

export const NAG_FINDING: Finding = {
  id: 'AwsSolutions-EC23',
  severity: 'high',
  resource: 'AlbSg',
  path: 'Ha/Services/Alb/SecurityGroup/Resource',
  message: 'The Security Group allows for 0.0.0.0/0 or ::/0 inbound access.',
  fix: 'Restrict the load balancer to CloudFront’s origin-facing prefix list.',
  source: 'cdk-nag',
};

/** A plan as `wellstack plan` builds it: the real cost and findings engines over the ha-shaped fixture. */
export function planOf(
  stacks: readonly StackTemplate[] = haStacks(),
  extra: { preset?: string; findings?: readonly Finding[]; lineItems?: readonly LineItem[] } = {},
): Plan {
  const cost = estimate(stacks, { region: 'ap-northeast-2', pricing: 'on-demand', freeTier: 'none' });
  const lineItems = [...cost.lineItems, ...(extra.lineItems ?? [UNVERIFIED_LINE])];
  return {
    preset: extra.preset ?? 'ha',
    region: 'ap-northeast-2',
    stacks: stacks.map((s) => {
      const resources: Record<string, number> = {};
      for (const { resource } of allResources([s]))
        resources[resource.Type] = (resources[resource.Type] ?? 0) + 1;
      return { name: s.name, template: `${s.name}.template.json`, resources };
    }),
    findings: [...(extra.findings ?? [NAG_FINDING]), ...check(stacks)],
    cost: {
      ...cost,
      lineItems,
      monthly: Math.round(lineItems.reduce((sum, i) => sum + i.monthly, 0) * 100) / 100,
    },
    diagram: { svg: 'diagram.svg', mermaid: 'diagram.mmd' },
  };
}

export async function assetsOf(
  stacks: readonly StackTemplate[] = haStacks(),
): Promise<{ svg: string; mermaid: string }> {
  const graph = buildGraph(stacks);
  return { svg: await renderSvg(graph), mermaid: toMermaid(graph) };
}
