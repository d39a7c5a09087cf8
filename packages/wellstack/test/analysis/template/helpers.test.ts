import { describe, expect, it } from 'vitest';
import { importsIn, tagValue } from '../../../src/analysis/template/index.ts';

describe('importsIn', () => {
  it('finds literal Fn::ImportValue names anywhere in a value', () => {
    const value = {
      VPCZoneIdentifier: [{ 'Fn::ImportValue': 'Network:SubnetA' }, { Ref: 'Local' }],
      Nested: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Network:SubnetB' }]] },
    };
    expect(importsIn(value)).toEqual(['Network:SubnetA', 'Network:SubnetB']);
  });

  it('ignores imports whose name is computed', () => {
    expect(
      importsIn({ 'Fn::ImportValue': { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'Vpc']] } }),
    ).toEqual([]);
  });
});

describe('tagValue', () => {
  it('reads a tag from a Tags list', () => {
    const subnet = {
      Type: 'AWS::EC2::Subnet',
      Properties: { Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Public' }] },
    };
    expect(tagValue(subnet, 'aws-cdk:subnet-type')).toBe('Public');
    expect(tagValue(subnet, 'Name')).toBeUndefined();
  });

  it('reads a tag from a Tags map', () => {
    expect(tagValue({ Type: 'AWS::SSM::Parameter', Properties: { Tags: { team: 'web' } } }, 'team')).toBe(
      'web',
    );
  });
});
