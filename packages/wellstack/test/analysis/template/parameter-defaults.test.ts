import { describe, expect, it } from 'vitest';
import { withParameterDefaults } from '../../../src/analysis/template/index.ts';

describe('withParameterDefaults', () => {
  const template = {
    Resources: {},
    Parameters: { Size: { Type: 'Number', Default: '3' }, Name: { Type: 'String' } },
  };

  it('GIVEN a Ref to a parameter with a default THEN the default is returned', () => {
    expect(withParameterDefaults(template, { Ref: 'Size' })).toBe('3');
  });

  it('GIVEN a Ref to a parameter without a default THEN the value is returned unchanged', () => {
    expect(withParameterDefaults(template, { Ref: 'Name' })).toEqual({ Ref: 'Name' });
  });

  it('GIVEN a GetAtt or a literal THEN the value is returned unchanged', () => {
    expect(withParameterDefaults(template, { 'Fn::GetAtt': ['Size', 'Arn'] })).toEqual({
      'Fn::GetAtt': ['Size', 'Arn'],
    });
    expect(withParameterDefaults(template, 5)).toBe(5);
  });
});
