import { describe, expect, it } from 'vitest';
import { expectWithinCent, line, price } from './helpers.ts';

describe('CloudWatch pricer', () => {
  const result = price('operations');

  it('GIVEN a plain alarm THEN it pays one standard alarm metric', () => {
    expect(line(result, 'Cpu', /standard alarm/).monthly).toBe(0.1);
  });

  it('GIVEN a metric-math alarm over two metrics THEN it pays two', () => {
    expect(line(result, 'ErrorRate', /standard alarm/).quantity).toBe(2);
  });

  it('GIVEN a 10-second alarm THEN it is high resolution', () => {
    expect(line(result, 'Fast', /high-resolution/).unitPrice).toBe(0.3);
  });

  it('GIVEN a target tracking scaling policy THEN its high and low alarms are priced', () => {
    expect(line(result, 'CpuTarget', /target tracking/).quantity).toBe(2);
  });

  it('GIVEN a step scaling policy THEN it is free, its alarms priced on their own', () => {
    expect(result.free).toContainEqual(expect.objectContaining({ resource: 'StepUp' }));
  });

  it('GIVEN a dashboard THEN its unverified price says so', () => {
    expect(line(result, 'Board', /dashboard/).source).toMatch(/^unverified \(estimate 2026-11-22/);
  });

  it('GIVEN a metric filter THEN it pays one custom metric', () => {
    expect(line(result, 'Errors', /custom metric/).monthly).toBe(0.3);
  });

  it('GIVEN a log group THEN it pays ingestion and storage from the usage assumptions', () => {
    expectWithinCent(line(result, 'AppLogs', /ingested/).monthly, 0.76);
    expectWithinCent(line(result, 'AppLogs', /stored/).monthly, 3 * 0.0314);
    expect(result.assumptions).toMatchObject({ logsIngestedGb: 1, logsStoredGb: 3 });
  });

  it('GIVEN the credit-based plan THEN always-free alarms, dashboards, metrics and 5 GB of logs apply', () => {
    const free = price('operations', { freeTier: 'credits' });
    for (const [resource, what] of [
      ['Cpu', /alarm/],
      ['ErrorRate', /alarm/],
      ['Board', /dashboard/],
      ['Errors', /metric/],
      ['AppLogs', /ingested/],
      ['AppLogs', /stored/],
    ] as const)
      expect(line(free, resource, what).monthly).toBe(0);
    expect(line(free, 'Fast', /high-resolution/).monthly).toBe(0.3);
  });
});
