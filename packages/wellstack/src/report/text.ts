/** ANSI styles, applied only when the output is a terminal that shows them. */
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
}

const ansi =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export function paint(color: boolean): Paint {
  if (!color) {
    const plain = (s: string): string => s;
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain };
  }
  return {
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    green: ansi(32, 39),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matches ANSI escape sequences on purpose
const ANSI = /\u001b\[\d+m/g;

function width(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Cuts text to a column width with an ellipsis. */
export function truncate(s: string, max: number): string {
  return [...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`;
}

/**
 * Plain text columns, separated by two spaces; `right` lists the columns aligned right (numbers).
 * Cells may carry ANSI styles: widths are measured without them.
 */
export function table(
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
  indent = '  ',
): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  return rows.map((row) => {
    const cells = row.map((cell, i) => {
      const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
      return right.includes(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
    });
    return `${indent}${cells.join('  ')}`.trimEnd();
  });
}
