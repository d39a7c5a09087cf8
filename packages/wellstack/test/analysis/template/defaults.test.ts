import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/analysis/cost/index.ts';
import { check } from '../../../src/analysis/findings/index.ts';
import { loadTemplates, withDefaults } from '../../../src/analysis/template/index.ts';

const template = {
  Parameters: {
    Env: { Type: 'String', Default: 'dev' },
    SshFrom: { Type: 'String', Default: '0.0.0.0/0' },
    Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2' },
    Password: { Type: 'String', NoEcho: true },
  },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    Unknown: { 'Fn::Equals': [{ Ref: 'Password' }, ''] },
    ProdOrUnknown: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'Unknown' }] },
  },
  Resources: {
    NatIp: { Type: 'AWS::EC2::EIP', Condition: 'IsProd', Properties: { Domain: 'vpc' } },
    Nat: {
      Type: 'AWS::EC2::NatGateway',
      Condition: 'IsProd',
      Properties: { AllocationId: { 'Fn::GetAtt': ['NatIp', 'AllocationId'] }, SubnetId: 'subnet-1' },
    },
    Maybe: { Type: 'AWS::SNS::Topic', Condition: 'ProdOrUnknown' },
    Sg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'SshFrom' } }],
      },
    },
    Db: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'postgres',
        DBInstanceClass: { 'Fn::If': ['IsProd', 'db.t4g.small', 'db.t4g.micro'] },
        MultiAZ: { 'Fn::If': ['IsProd', true, false] },
        AllocatedStorage: '20',
        StorageEncrypted: true,
        BackupRetentionPeriod: { 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 7] },
        VPCSecurityGroups: [{ 'Fn::If': ['IsProd', 'sg-prod', { Ref: 'AWS::NoValue' }] }, 'sg-1'],
        MasterUserPassword: { Ref: 'Password' },
        DBSubnetGroupName: { 'Fn::ImportValue': 'shared-DbSubnets' },
      },
    },
    Asg: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: { Ref: 'Subnets' } },
    },
  },
};

describe('withDefaults', () => {
  const { template: resolved, notCreated } = withDefaults(template);
  const props = (id: string) => resolved.Resources?.[id]?.Properties;

  it('GIVEN resources whose condition is false with the defaults THEN they are left out and listed', () => {
    expect(notCreated.map((r) => [r.id, r.condition])).toEqual([
      ['NatIp', 'IsProd'],
      ['Nat', 'IsProd'],
    ]);
    expect(Object.keys(resolved.Resources ?? {})).toEqual(['Maybe', 'Sg', 'Db', 'Asg']);
  });

  it('GIVEN Fn::If, AWS::NoValue and Refs to scalar parameters THEN they resolve as CloudFormation would', () => {
    expect(props('Db')).toMatchObject({ DBInstanceClass: 'db.t4g.micro', MultiAZ: false });
    expect(props('Db')).not.toHaveProperty('BackupRetentionPeriod');
    expect(props('Db')?.VPCSecurityGroups).toEqual(['sg-1']);
    expect(props('Sg')?.SecurityGroupIngress).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
    ]);
  });

  it('GIVEN what the template does not tell (no default, list parameters, imports) THEN it stays as written', () => {
    expect(props('Db')?.MasterUserPassword).toEqual({ Ref: 'Password' });
    expect(props('Db')?.DBSubnetGroupName).toEqual({ 'Fn::ImportValue': 'shared-DbSubnets' });
    expect(props('Asg')?.VPCZoneIdentifier).toEqual({ Ref: 'Subnets' });
  });
});

describe('a template read from disk is analysed with its parameters defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-defaults-'));
  const file = join(dir, 'cond.template.json');
  writeFileSync(file, JSON.stringify(template));
  const stacks = loadTemplates(file);

  it('GIVEN a NAT gateway only created in prod THEN dev is not priced for it, and lists it free with the reason', () => {
    const cost = estimate(stacks, { region: 'ap-northeast-2', freeTier: 'none', pricing: 'on-demand' });
    expect(cost.lineItems.filter((l) => l.resource === 'Nat' || l.resource === 'NatIp')).toEqual([]);
    expect(cost.free.find((f) => f.resource === 'Nat')?.reason).toBe(
      "not created with the parameters' defaults: condition IsProd is false",
    );
    expect(cost.lineItems.find((l) => l.resource === 'Db')?.description).toBe(
      'db.t4g.micro postgres instance hours',
    );
  });

  it('GIVEN SSH open through a parameter default and Multi-AZ off through Fn::If THEN both are found', () => {
    const ids = check(stacks).map((f) => `${f.id} ${f.resource}`);
    expect(ids).toContain('WS-SEC-SSH-WORLD Sg');
    expect(ids).toContain('WS-SPOF-RDS-SINGLE-AZ Db');
    expect(ids.some((id) => id.includes('NAT'))).toBe(false);
  });
});
