import { describe, expect, it } from 'vitest';
import { check, type Finding, failOn, RULES } from '../../../src/analysis/findings/index.ts';
import { ref, stackOf } from '../../fixtures/findings/templates.ts';

describe('check', () => {
  const stacks = stackOf({
    Db: {
      Type: 'AWS::RDS::DBInstance',
      Properties: { DBInstanceClass: 'db.t4g.micro', StorageEncrypted: true, StorageType: 'gp2' },
      Metadata: { 'aws:cdk:path': 'App/Data/Db/Resource' },
    },
    Web: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0' }],
      },
    },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: {} } },
    Policy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('Bucket'),
        PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] },
      },
    },
  });

  it('runs every rule and sorts findings by severity, then id, then path', () => {
    expect(check(stacks).map((f) => `${f.severity} ${f.id} ${f.path}`)).toEqual([
      'high WS-SEC-S3-PUBLIC Stack/Bucket',
      'high WS-SPOF-RDS-SINGLE-AZ App/Data/Db/Resource',
      'medium WS-SEC-WORLD-INGRESS Stack/Web',
      'low WS-COST-GP2 App/Data/Db/Resource',
    ]);
  });

  it('builds each finding from the rule set: summary and detail as the message, the rule’s fix, source wellstack', () => {
    const definition = RULES.find((r) => r.id === 'WS-SPOF-RDS-SINGLE-AZ')!;
    expect(check(stacks).find((f) => f.id === definition.id)).toEqual({
      id: 'WS-SPOF-RDS-SINGLE-AZ',
      severity: 'high',
      resource: 'Db',
      path: 'App/Data/Db/Resource',
      message: `${definition.summary}: MultiAZ is not set.`,
      fix: definition.fix,
      source: 'wellstack',
    });
  });

  it('finds nothing in an empty template', () => {
    expect(check([{ name: 'Empty', template: { Resources: {} } }])).toEqual([]);
  });
});

describe('the rule set', () => {
  it('has unique ids in the WS-<FAMILY>- form, matching each rule’s family', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES)
      expect(rule.id).toMatch(
        new RegExp(`^WS-${{ spof: 'SPOF', security: 'SEC', cost: 'COST' }[rule.family]}-[A-Z0-9-]+$`),
      );
  });
});

describe('failOn', () => {
  const finding = (severity: Finding['severity']): Finding => ({
    id: 'X',
    severity,
    resource: 'R',
    path: 'S/R',
    message: 'm',
    fix: 'f',
    source: 'wellstack',
  });

  it('fails when a finding is at or above the threshold', () => {
    expect(failOn([finding('high')], 'high')).toBe(true);
    expect(failOn([finding('high')], 'low')).toBe(true);
    expect(failOn([finding('medium')], 'medium')).toBe(true);
    expect(failOn([finding('low')], 'low')).toBe(true);
  });

  it('passes when every finding is below the threshold, when there are none, and always with none', () => {
    expect(failOn([finding('medium'), finding('low')], 'high')).toBe(false);
    expect(failOn([finding('low')], 'medium')).toBe(false);
    expect(failOn([], 'low')).toBe(false);
    expect(failOn([finding('high')], 'none')).toBe(false);
  });
});
