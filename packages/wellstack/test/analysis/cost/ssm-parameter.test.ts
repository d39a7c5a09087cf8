import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('SSM parameter pricer', () => {
  const result = price('serverless');

  it('GIVEN a standard parameter THEN it is free with the reason', () => {
    expect(result.free).toContainEqual(
      expect.objectContaining({ resource: 'Config', reason: expect.stringContaining('standard') }),
    );
  });

  it('GIVEN an advanced parameter THEN it pays by the month', () => {
    expect(line(result, 'Big', /advanced parameter/).monthly).toBe(0.05);
  });
});
