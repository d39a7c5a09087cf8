import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import {
  assertDistinctPriorities,
  ruleConditions,
  rulePriority,
} from '../../../src/constructs/services/routing.ts';
import { service, unacknowledgedErrors } from '../network/support.ts';

const routing = (r: { hosts?: string[]; paths?: string[]; priority?: number }) => ({
  hosts: r.hosts ?? [],
  paths: r.paths ?? [],
  ...(r.priority !== undefined ? { priority: r.priority } : {}),
});

describe('listener-rule priorities', () => {
  it('a service without hosts and paths is the default: no priority', () => {
    expect(rulePriority('web', routing({}))).toBeUndefined();
  });

  it('more specific kinds get lower numbers: host+path < host < path', () => {
    for (const name of ['api', 'web', 'admin', 'a', 'billing-v2']) {
      const both = rulePriority(name, routing({ hosts: ['api.example.com'], paths: ['/v1/*'] }))!;
      const host = rulePriority(name, routing({ hosts: ['api.example.com'] }))!;
      const path = rulePriority(name, routing({ paths: ['/api/*'] }))!;
      expect(both).toBeGreaterThanOrEqual(1);
      expect(both).toBeLessThanOrEqual(16_000);
      expect(host).toBeGreaterThan(16_000);
      expect(host).toBeLessThanOrEqual(32_000);
      expect(path).toBeGreaterThan(32_000);
      expect(path).toBeLessThanOrEqual(48_000);
    }
  });

  it('depends on the name and the kind only, not on the values or other services', () => {
    const a = rulePriority('api', routing({ hosts: ['api.example.com'] }));
    expect(rulePriority('api', routing({ hosts: ['other.example.com', 'x.example.com'] }))).toBe(a);
    expect(rulePriority('apj', routing({ hosts: ['api.example.com'] }))).not.toBe(a);
  });

  it('an explicit priority wins', () => {
    expect(rulePriority('api', routing({ hosts: ['api.example.com'], priority: 7 }))).toBe(7);
  });

  it('fails when a priority is set on a service without conditions', () => {
    expect(() => rulePriority('web', routing({ priority: 3 }))).toThrow(
      /needs routing.hosts or routing.paths/,
    );
  });

  it('fails on a collision, naming both services and the fix', () => {
    const derived = rulePriority('api', routing({ paths: ['/api/*'] }))!;
    expect(() =>
      assertDistinctPriorities({
        api: { routing: routing({ paths: ['/api/*'] }) },
        admin: { routing: routing({ paths: ['/admin/*'], priority: derived }) },
      }),
    ).toThrow(`services "api" and "admin" share listener-rule priority ${derived}: set routing.priority`);
  });

  it('fails when a rule would hold more than five condition values', () => {
    const r = routing({
      hosts: ['a.example.com', 'b.example.com', 'c.example.com'],
      paths: ['/x', '/y', '/z'],
    });
    expect(() => ruleConditions('web', r)).toThrow(/6 hosts and paths but an ALB rule holds at most 5/);
  });
});

describe('the nag test helper', () => {
  it('reports an unacknowledged error (so a passing nag test means something)', () => {
    const errors = unacknowledgedErrors((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }],
      });
      new ec2.SecurityGroup(stack, 'Open', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    }, false);
    expect(errors).toContain('AwsSolutions AwsSolutions-EC23 at Nag/Open/Resource');
  });

  it('resolves services the way the constructs receive them', () => {
    expect(service({ routing: { hosts: ['api'] } }).routing.hosts).toEqual(['api.example.com']);
  });
});
