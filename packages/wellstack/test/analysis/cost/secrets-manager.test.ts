import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('Secrets Manager pricer', () => {
  const result = price('operations');

  it('GIVEN a secret THEN it pays 0.40 a month and its API calls', () => {
    expect(line(result, 'DbSecret', /^secret/).monthly).toBe(0.4);
    expect(line(result, 'DbSecret', /API calls/).monthly).toBe(0.05);
  });

  it('GIVEN a target attachment THEN it is free with a reason', () => {
    expect(result.free).toContainEqual(
      expect.objectContaining({
        resource: 'DbSecretAttachment',
        reason: expect.stringContaining('no charge'),
      }),
    );
  });
});
