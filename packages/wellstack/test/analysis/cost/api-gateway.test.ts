import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('API Gateway pricer', () => {
  const result = price('serverless');

  it('GIVEN an HTTP API and a REST API THEN they share the requests at their own rates', () => {
    expectWithinCent(line(result, 'HttpApi', /HTTP API requests/).monthly, 0.5 * 1.23);
    expectWithinCent(line(result, 'RestApi', /REST API requests/).monthly, 0.5 * 3.5);
  });

  it('GIVEN a WebSocket API THEN it is unpriced', () => {
    expect(result.unpriced).toContainEqual(
      expect.objectContaining({ resource: 'Socket', reason: expect.stringContaining('WebSocket') }),
    );
  });

  it('GIVEN us-east-1 THEN the HTTP API costs 1.00 per million from the APIGW source', () => {
    const item = line(price('serverless', { region: 'us-east-1' }), 'HttpApi', /HTTP API/);
    expect(item.unitPrice).toBe(1);
    expect(item.source).toBe('APIGW 2026-09-20');
  });
});
