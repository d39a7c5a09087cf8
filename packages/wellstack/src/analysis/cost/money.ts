/**
 * Money arithmetic: each line's monthly amount is rounded to 4 decimals, the total of the rounded lines
 * to 2 (cents). Rounding goes through 12 significant digits first so that binary noise
 * (514 × 0.0225 = 11.564999…) rounds the way the decimal figure does (11.565 → 11.57).
 */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(Number((value * scale).toPrecision(12))) / scale;
}

/** Monthly amount of one line: 4 decimals. */
export const lineAmount = (value: number): number => roundTo(value, 4);

/** Total of rounded lines: cents. */
export const total = (lines: readonly number[]): number =>
  roundTo(
    lines.reduce((sum, v) => sum + v, 0),
    2,
  );
