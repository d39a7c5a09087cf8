import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('SNS pricer', () => {
  it('GIVEN a topic THEN it pays the assumed publishes', () => {
    expect(line(price('serverless'), 'Alerts', /publish/).monthly).toBe(0.005);
  });

  it('GIVEN the credit-based plan THEN a million publishes are free', () => {
    expect(line(price('serverless', { freeTier: 'credits' }), 'Alerts', /publish/).monthly).toBe(0);
  });
});
