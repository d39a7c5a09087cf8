import { type Finding, SEVERITY_ORDER, type Severity } from '../analysis/findings/types.ts';
import type { Plan } from './plan.ts';
import { costByService, isUnverified, topLines, usd } from './services.ts';
import { type Paint, paint, table, truncate } from './text.ts';

/** Where `wellstack plan` wrote its outputs (the CLI's output paths fit this shape). */
export interface ReportPaths {
  readonly report: string;
  readonly svg: string;
  readonly mermaid?: string;
  readonly planJson?: string;
}

export interface SummaryOptions {
  /** ANSI colours; pass `process.stdout.isTTY`. @default false */
  readonly color?: boolean;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function severityText(p: Paint, severity: Severity, text: string): string {
  return severity === 'high' ? p.red(text) : severity === 'medium' ? p.yellow(text) : text;
}

function resourceTotal(plan: Plan): number {
  return plan.stacks.reduce((sum, s) => sum + Object.values(s.resources).reduce((a, b) => a + b, 0), 0);
}

/** The terminal summary of one plan: what a person reads at a glance before opening the report. */
export function renderSummary(plan: Plan, paths: ReportPaths, options: SummaryOptions = {}): string {
  const p = paint(options.color ?? false);
  const out: string[] = [];
  out.push(
    p.bold(`wellstack ${plan.preset ? `plan · preset ${plan.preset}` : 'analyze'} · ${plan.region}`),
    '',
  );

  out.push(p.bold('Stacks'));
  out.push(
    ...table(
      plan.stacks.map((s) => [s.name, `${Object.values(s.resources).reduce((a, b) => a + b, 0)} resources`]),
      [1],
    ),
    '',
  );

  const cost = plan.cost;
  if (cost) {
    const models = `${cost.pricing}, free tier: ${cost.freeTier}`;
    out.push(`${p.bold('Monthly estimate')}  ${p.bold(`USD ${usd(cost.monthly)}`)}  ${p.dim(`(${models})`)}`);
    const unverified = cost.lineItems.filter((i) => isUnverified(i.source)).length;
    if (unverified > 0) out.push(p.yellow(`  ${unverified} line(s) priced from unverified figures`));
    if (cost.unpriced.length > 0) out.push(p.yellow(`  ${cost.unpriced.length} resource(s) not priced`));
    out.push('', p.bold('Biggest lines'));
    out.push(
      ...table(
        [
          [p.dim('resource'), p.dim('what'), p.dim('USD/month')],
          ...topLines(cost.lineItems, 5).map((i) => [
            truncate(i.resource, 28),
            truncate(i.description, 56),
            usd(i.monthly),
          ]),
        ],
        [2],
      ),
      '',
    );
  } else out.push(p.dim('No cost estimate.'), '');

  const counts = countBySeverity(plan.findings);
  out.push(
    `${p.bold('Findings')}  ${SEVERITY_ORDER.map((s) => severityText(p, s, `${counts[s]} ${s}`)).join(' · ')}`,
  );
  out.push(
    ...table(
      plan.findings
        .filter((f) => f.severity === 'high')
        .map((f) => [p.red('high'), f.id, truncate(f.resource, 28), truncate(f.message, 70)]),
    ),
    '',
  );

  out.push(
    ...table(
      [
        ['Report', paths.report],
        ['Diagram', paths.mermaid ? `${paths.svg}  (Mermaid: ${paths.mermaid})` : paths.svg],
        ...(paths.planJson ? [['Plan', paths.planJson]] : []),
      ],
      [],
      '',
    ),
  );
  return out.join('\n');
}

/** Side by side, one column per preset: monthly total, cost by service, findings by severity, top lines. */
export function renderCompareSummary(plans: readonly Plan[], options: SummaryOptions = {}): string {
  const p = paint(options.color ?? false);
  const names = plans.map((plan, i) => plan.preset ?? `plan ${i + 1}`);
  const services = [
    ...new Set(plans.flatMap((plan) => costByService(plan.cost?.lineItems ?? []).map((s) => s.service))),
  ];
  const serviceCost = (plan: Plan, service: string): string => {
    const found = costByService(plan.cost?.lineItems ?? []).find((s) => s.service === service);
    return found ? usd(found.monthly) : '–';
  };
  const right = plans.map((_, i) => i + 1);
  const rows: string[][] = [
    ['', ...names.map((n) => p.bold(n))],
    [p.bold('Monthly (USD)'), ...plans.map((plan) => (plan.cost ? p.bold(usd(plan.cost.monthly)) : '–'))],
    ['Resources', ...plans.map((plan) => String(resourceTotal(plan)))],
    ...services.map((service) => [`  ${service}`, ...plans.map((plan) => serviceCost(plan, service))]),
    ...SEVERITY_ORDER.map((s) => [
      severityText(p, s, `Findings ${s}`),
      ...plans.map((plan) => severityText(p, s, String(countBySeverity(plan.findings)[s]))),
    ]),
  ];
  const out = [p.bold(`wellstack plan --compare ${names.join(',')}`), '', ...table(rows, right, ''), ''];
  out.push(p.bold('Top lines'));
  plans.forEach((plan, i) => {
    out.push(`  ${names[i]}`);
    out.push(
      ...table(
        topLines(plan.cost?.lineItems ?? [], 3).map((l) => [truncate(l.description, 60), usd(l.monthly)]),
        [1],
        '    ',
      ),
    );
  });
  return out.join('\n');
}
