import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { RULES } from '../../../src/analysis/findings/index.ts';

const DOC = fileURLToPath(new URL('../../../docs/findings.md', import.meta.url));
const START =
  '<!-- rules:start (generated from src/analysis/findings/ruleset.ts by test/analysis/findings/docs.test.ts) -->';
const END = '<!-- rules:end -->';

function table(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| id | severity | rule | what it reports | fix |',
    '|---|---|---|---|---|',
    ...RULES.map(
      (r) =>
        `| \`${r.id}\` | ${r.severity} | \`${r.family}/${r.rule.name}\` | ${cell(r.summary)} | ${cell(r.fix)} |`,
    ),
  ].join('\n');
}

it('docs/findings.md lists every rule as the rule set defines it (UPDATE_DOCS=1 rewrites the table)', () => {
  const doc = readFileSync(DOC, 'utf8');
  const [before, rest = ''] = doc.split(START);
  const after = rest.split(END)[1] ?? '';
  const expected = `${before}${START}\n${table()}\n${END}${after}`;
  if (process.env.UPDATE_DOCS) writeFileSync(DOC, expected);
  expect(doc).toBe(expected);
});
