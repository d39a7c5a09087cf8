import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('SQS pricer', () => {
  it('GIVEN a standard and a FIFO queue THEN they share the requests at their own rates', () => {
    const result = price('serverless', { region: 'us-east-1' });
    expect(line(result, 'Jobs', /standard queue/).monthly).toBe(0.2);
    expect(line(result, 'Orders', /FIFO queue/).monthly).toBe(0.25);
  });

  it('GIVEN the credit-based plan THEN the first million requests are free', () => {
    const result = price('serverless', { freeTier: 'credits' });
    expect(line(result, 'Jobs', /queue/).monthly + line(result, 'Orders', /queue/).monthly).toBe(0);
  });
});
