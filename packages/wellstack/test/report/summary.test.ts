import { describe, expect, it } from 'vitest';
import { costByService, renderCompareSummary, renderSummary, serviceOf } from '../../src/report/index.ts';
import { planOf } from './fixture.ts';

const paths = {
  report: 'out/report.html',
  svg: 'out/diagram.svg',
  mermaid: 'out/diagram.mmd',
  planJson: 'out/plan.json',
};

describe('serviceOf', () => {
  it('bills lines the way a person reads a bill', () => {
    expect(
      serviceOf({ type: 'AWS::AutoScaling::AutoScalingGroup', description: 't4g.small instance hours' }),
    ).toBe('EC2');
    expect(serviceOf({ type: 'AWS::AutoScaling::AutoScalingGroup', description: 'EBS gp3 8 GiB' })).toBe(
      'EBS',
    );
    expect(serviceOf({ type: 'AWS::EC2::EIP', description: 'public IPv4 address' })).toBe(
      'VPC / public IPv4',
    );
    expect(serviceOf({ type: 'AWS::EC2::NatGateway', description: 'NAT gateway hours' })).toBe('VPC');
    expect(serviceOf({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', description: 'ALB hours' })).toBe(
      'ELB',
    );
    expect(serviceOf({ type: 'AWS::Logs::LogGroup', description: 'ingestion' })).toBe('CloudWatch');
    expect(serviceOf({ type: 'AWS::SecretsManager::Secret', description: 'secret-month' })).toBe(
      'Secrets Manager',
    );
  });

  it('adds up to the plan total when grouped', () => {
    const plan = planOf();
    const sum = costByService(plan.cost!.lineItems).reduce((s, x) => s + x.monthly, 0);
    expect(sum).toBeCloseTo(plan.cost!.monthly, 1);
  });
});

describe('renderSummary', () => {
  const plan = planOf();
  const text = renderSummary(plan, paths, { color: false });

  it('shows preset, region, stacks with resource counts and the monthly total', () => {
    expect(text).toContain('preset ha · ap-northeast-2');
    const count = Object.values(plan.stacks[0]!.resources).reduce((a, b) => a + b, 0);
    expect(text).toMatch(new RegExp(`Ha\\s+${count} resources`));
    expect(text).toContain(`USD ${plan.cost!.monthly.toFixed(2)}`);
    expect(text).toContain('on-demand, free tier: none');
    const unverified = plan.cost!.lineItems.filter((i) => i.source.includes('unverified')).length;
    expect(text).toContain(`${unverified} line(s) priced from unverified figures`);
  });

  it('lists the five biggest lines, most expensive first', () => {
    const section = text.split('Biggest lines')[1]!.split('Findings')[0]!;
    const amounts = section
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.trim().split(/\s+/).pop()!.replace(/,/g, '')));
    expect(amounts).toHaveLength(5);
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(amounts[0]).toBe(Math.max(...plan.cost!.lineItems.map((i) => Math.round(i.monthly * 100) / 100)));
  });

  it('counts findings by severity and lists the high ones', () => {
    const high = plan.findings.filter((f) => f.severity === 'high').length;
    const medium = plan.findings.filter((f) => f.severity === 'medium').length;
    expect(text).toContain(`Findings  ${high} high · ${medium} medium`);
    expect(text).toMatch(/high\s+AwsSolutions-EC23\s+AlbSg/);
  });

  it('prints where the report and the diagram are', () => {
    expect(text).toMatch(/Report\s+out\/report\.html/);
    expect(text).toMatch(/Diagram\s+out\/diagram\.svg\s+\(Mermaid: out\/diagram\.mmd\)/);
  });

  it('uses colours only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderSummary(plan, paths, { color: true })).toContain('\u001b[31m');
  });
});

describe('renderCompareSummary', () => {
  it('puts presets side by side with totals and findings per severity', () => {
    const cheap = planOf(undefined, { preset: 'startup', lineItems: [], findings: [] });
    const ha = planOf();
    const text = renderCompareSummary([cheap, ha]);
    const lines = text.split('\n');
    expect(lines.find((l) => /^\s+startup/.test(l))).toMatch(/startup\s+ha$/);
    expect(lines.find((l) => l.startsWith('Monthly'))).toMatch(
      new RegExp(`${cheap.cost!.monthly.toFixed(2)}\\s+${ha.cost!.monthly.toFixed(2)}$`),
    );
    expect(lines.find((l) => l.startsWith('Findings high'))).toMatch(/0\s+1$/);
    expect(text).toContain('Top lines');
    expect(text).not.toContain('\u001b[');
  });
});
