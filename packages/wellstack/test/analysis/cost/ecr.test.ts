import { describe, expect, it } from 'vitest';
import { line, price } from './helpers.ts';

describe('ECR pricer', () => {
  it('GIVEN a repository THEN it pays the assumed image storage', () => {
    expect(line(price('serverless'), 'Images', /image storage/).monthly).toBe(0.1);
  });

  it('GIVEN the legacy free tier THEN 500 MB are free', () => {
    expect(line(price('serverless', { freeTier: 'legacy' }), 'Images', /image storage/).monthly).toBe(0.05);
  });
});
