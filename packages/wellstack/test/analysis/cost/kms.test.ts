import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('KMS pricer', () => {
  it('GIVEN a customer managed key THEN it pays 1 a month and its requests', () => {
    const result = price('operations');
    expect(line(result, 'Key', /customer managed key/).monthly).toBe(1);
    expect(line(result, 'Key', /requests/).monthly).toBe(0.03);
  });

  it('GIVEN the credit-based plan THEN 20k requests are always free but the key is not', () => {
    const result = price('operations', { freeTier: 'credits' });
    expect(line(result, 'Key', /requests/).monthly).toBe(0);
    expect(line(result, 'Key', /customer managed key/).monthly).toBe(1);
  });
});
