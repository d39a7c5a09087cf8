import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { expectWithinCent, line, linesOf, price } from './helpers.ts';

const ipv4 = /public IPv4/;

describe('public IPv4 pricer', () => {
  const result = price('public-ipv4');

  it('GIVEN an internet-facing ALB over three subnets THEN it holds three addresses', () => {
    const item = line(result, 'Web', ipv4);
    expect(item.quantity).toBe(3 * 730);
    expectWithinCent(item.monthly, 10.95);
  });

  it('GIVEN an internal load balancer THEN it holds no public address', () => {
    expect(linesOf(result, 'Internal').filter((l) => ipv4.test(l.description))).toEqual([]);
  });

  it('GIVEN a load balancer whose subnets do not resolve THEN azsWhenUnknown (2) addresses are assumed', () => {
    expect(line(result, 'Tcp', ipv4).quantity).toBe(2 * 730);
    expect(result.assumptions.azsWhenUnknown).toBe(2);
  });

  it('GIVEN an idle Elastic IP THEN it is charged like one in use', () => {
    expectWithinCent(line(result, 'Idle', ipv4).monthly, 3.65);
  });

  it('GIVEN an instance in a public subnet with an Elastic IP THEN only the Elastic IP is charged', () => {
    expect(line(result, 'BoxIp', ipv4).description).toContain('on Box');
    expect(linesOf(result, 'Box').filter((l) => ipv4.test(l.description))).toEqual([]);
  });

  it('GIVEN a group of 2 in subnets that map public IPs THEN each instance holds an address', () => {
    expect(line(result, 'Edge', ipv4).quantity).toBe(2 * 730);
  });

  it('GIVEN a NAT gateway with its Elastic IP THEN the EIP line names the gateway', () => {
    expect(line(price('seoul-bill'), 'NatEip', ipv4).description).toContain('NAT gateway Nat');
  });

  it('GIVEN a NAT instance and a bastion with AssociatePublicIpAddress THEN each holds an address', () => {
    const compute = price('compute');
    expect(line(compute, 'NatInstance', ipv4).description).toContain('NAT instance');
    expect(line(compute, 'Bastion', ipv4).quantity).toBe(730);
    expect(linesOf(compute, 'AppGroup').filter((l) => ipv4.test(l.description))).toEqual([]);
  });

  it('GIVEN a publicly accessible RDS instance THEN its public address is charged, as the public IPv4 finding counts it', () => {
    const db = (publiclyAccessible: boolean) => ({
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'mysql',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: '20',
        PubliclyAccessible: publiclyAccessible,
      },
    });
    const result = estimate(
      [{ name: 'db', template: { Resources: { Open: db(true), Closed: db(false) } } }],
      {
        region: 'ap-northeast-2',
        freeTier: 'legacy',
        pricing: 'on-demand',
      },
    );
    expectWithinCent(line(result, 'Open', ipv4).monthly, 3.65);
    expect(linesOf(result, 'Closed').filter((l) => ipv4.test(l.description))).toEqual([]);
  });
});
