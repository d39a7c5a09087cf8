import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { expectWithinCent, line, price } from './helpers.ts';

describe('data transfer pricer', () => {
  it('GIVEN an internet-facing ALB THEN it sends the assumed 20 GB out', () => {
    expectWithinCent(line(price('seoul-bill'), 'Alb', /data transfer out/).monthly, 20 * 0.126);
  });

  it('GIVEN no load balancer THEN public instances that are not NAT instances send it', () => {
    const result = price('compute');
    expect(line(result, 'Bastion', /data transfer out/).quantity).toBe(20);
    expect(
      result.lineItems.some((l) => l.resource === 'NatInstance' && /data transfer/.test(l.description)),
    ).toBe(false);
  });

  it('GIVEN a free-tier model THEN 100 GB a month are free', () => {
    expect(line(price('seoul-bill', { freeTier: 'credits' }), 'Alb', /data transfer out/).monthly).toBe(0);
  });

  it('GIVEN the ALB is a CloudFront origin THEN nothing leaves the region directly', () => {
    const template = {
      Resources: {
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['a', 'b'] } },
        Cdn: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Origins: [{ Id: 'alb', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] } }],
            },
          },
        },
      },
    };
    const result = estimate([{ name: 'S', template }], {
      region: 'ap-northeast-2',
      freeTier: 'none',
      pricing: 'on-demand',
    });
    expect(result.lineItems.some((l) => /data transfer out/.test(l.description))).toBe(false);
  });
});
