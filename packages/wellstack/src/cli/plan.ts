import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { estimate, usageKeys } from '../analysis/cost/index.ts';
import type { FreeTierModel, PricingModel } from '../analysis/cost/types.ts';
import { buildGraph, renderSvg, toMermaid } from '../analysis/diagram/index.ts';
import { check, failOn, fromNagReport, sortFindings } from '../analysis/findings/index.ts';
import type { Severity } from '../analysis/findings/types.ts';
import { allResources, type StackTemplate, loadTemplates } from '../analysis/template/index.ts';
import { type LoadOptions, loadConfig, type ResolvedConfig } from '../config/index.ts';
import { renderCompareHtml, renderReportHtml } from '../report/index.ts';
import type { Plan, PlanStack } from '../report/plan.ts';
import { StagedOutput } from './output.ts';
import {
  nagTemplates,
  type SynthResult,
  synthesize,
  type ValidationReport,
  type Violation,
} from './synth.ts';

export type FailOn = Severity | 'none';

/** A mistake in how the command was called (or in `usage` of the config): exit 2, message only. */
export class UsageError extends Error {}

/** Usage keys come from the config and from flags; both must be keys the estimator knows. */
export function checkUsageKeys(usage: Readonly<Record<string, number>>, where: string): void {
  const unknown = Object.keys(usage).filter((k) => !(k in usageKeys));
  if (unknown.length > 0) {
    throw new UsageError(
      `${where}: unknown usage key ${unknown.map((k) => `"${k}"`).join(', ')}; known keys: ${Object.keys(usageKeys).join(', ')} (see \`wellstack usage\`)`,
    );
  }
}

/** Options shared by `plan` and `analyze`: how to price, when to fail. */
export interface AnalysisOptions {
  readonly freeTier: FreeTierModel;
  readonly pricing: PricingModel;
  /** Usage assumptions from flags; they override `usage` in the config. */
  readonly usage: Readonly<Record<string, number>>;
  readonly failOn: FailOn;
}

export interface PlanOptions extends AnalysisOptions {
  readonly config?: string;
  readonly preset?: string;
  readonly region?: string;
  readonly out: string;
  /** Run the built-in CloudFormation validator. @default true */
  readonly validation?: boolean;
  readonly progress?: (step: string) => void;
}

/** What a run produced and why it failed, if it did. */
export interface PlanRun {
  readonly plan: Plan;
  readonly outDir: string;
  readonly paths: OutputPaths;
  /** Reasons the run fails (non-zero exit); empty when it passes. */
  readonly failures: readonly string[];
  readonly validatorWarnings: readonly Violation[];
  /** The generated GitHub Actions workflow (copy it to `.github/workflows/`), when there is one. */
  readonly workflow?: string;
}

/** File name of the generated GitHub Actions workflow in the output directory. */
export const WORKFLOW_FILE = 'github-deploy.yml';

export interface OutputPaths {
  readonly planJson: string;
  readonly report: string;
  readonly svg: string;
  readonly mermaid: string;
}

/** `wellstack synth`: the cloud assembly only, with the same checks as `plan`. */
export async function runSynth(options: Omit<PlanOptions, keyof AnalysisOptions>): Promise<SynthRun> {
  const { config, baseDir } = await loadConfig(configSource(options));
  const staged = new StagedOutput(options.out);
  try {
    options.progress?.(`Synthesizing ${config.name}-${config.stage} (${config.preset}, ${config.region})`);
    const synth = synthesize(config, {
      outdir: join(staged.dir, 'cdk.out'),
      baseDir,
      validation: options.validation ?? true,
    });
    staged.commit();
    return { config, synth, outDir: options.out, failures: synthFailures(synth) };
  } catch (error) {
    staged.discard();
    throw error;
  }
}

export interface SynthRun {
  readonly config: ResolvedConfig;
  readonly synth: SynthResult;
  readonly outDir: string;
  readonly failures: readonly string[];
}

/** `wellstack plan`: synthesize, check, price and draw; write plan.json, report.html and the diagram. */
export async function runPlan(options: PlanOptions): Promise<PlanRun> {
  const progress = options.progress ?? (() => {});
  progress('Loading config');
  const { config, baseDir, file } = await loadConfig(configSource(options));
  checkUsageKeys(config.usage, `${file ?? 'config'}: usage`);
  const staged = new StagedOutput(options.out);
  try {
    progress(`Synthesizing ${config.name}-${config.stage} (${config.preset}, ${config.region}) with cdk-nag`);
    const synth = synthesize(config, {
      outdir: join(staged.dir, 'cdk.out'),
      baseDir,
      validation: options.validation ?? true,
    });
    const run = await analyzeInto(staged, synth.stacks, {
      ...options,
      usage: { ...config.usage, ...options.usage },
      preset: config.preset,
      stage: config.stage,
      region: config.region,
      ...(synth.report ? { nagReport: synth.report } : {}),
      progress,
    });
    if (synth.workflow) writeFileSync(join(staged.dir, WORKFLOW_FILE), synth.workflow);
    staged.commit();
    return {
      ...run,
      outDir: options.out,
      ...(synth.workflow ? { workflow: join(options.out, WORKFLOW_FILE) } : {}),
      failures: [...synthFailures(synth), ...run.failures],
      validatorWarnings: synth.validatorWarnings,
    };
  } catch (error) {
    staged.discard();
    throw error;
  }
}

export interface AnalyzeOptions extends AnalysisOptions {
  /** A template .json file or a cdk.out directory. */
  readonly input: string;
  readonly region?: string;
  readonly out: string;
  readonly progress?: (step: string) => void;
}

/** `wellstack analyze`: the same estimate, findings, diagram and report on templates wellstack did not write. */
export async function runAnalyze(options: AnalyzeOptions): Promise<PlanRun> {
  const progress = options.progress ?? (() => {});
  progress(`Reading ${options.input}`);
  const stacks = loadTemplates(options.input);
  const region = options.region ?? stacks.find((s) => s.region)?.region ?? 'ap-northeast-2';
  progress('Running cdk-nag (AwsSolutions) on the templates');
  const nag = nagTemplates(stacks);
  for (const name of nag.skipped) progress(`cdk-nag skipped ${name}: CfnInclude cannot read it`);
  const staged = new StagedOutput(options.out);
  try {
    const run = await analyzeInto(staged, stacks, {
      ...options,
      preset: null,
      region,
      progress,
      ...(nag.report ? { nagReport: nag.report } : {}),
    });
    staged.commit();
    return { ...run, outDir: options.out, validatorWarnings: [] };
  } catch (error) {
    staged.discard();
    throw error;
  }
}

/** `wellstack plan --compare a,b,c`: one plan per preset in `<out>/<preset>/`, and a side-by-side report. */
export async function runCompare(
  presets: readonly string[],
  options: PlanOptions,
): Promise<{ runs: PlanRun[]; report: string }> {
  const runs: PlanRun[] = [];
  for (const preset of presets) {
    options.progress?.(`Planning ${preset}`);
    runs.push(await runPlan({ ...options, preset, out: join(options.out, preset) }));
  }
  const report = join(options.out, 'compare.html');
  writeFileSync(
    report,
    renderCompareHtml(runs.map((r) => ({ plan: r.plan, reportHref: relative(options.out, r.paths.report) }))),
  );
  return { runs, report };
}

interface AnalyzeIntoOptions extends AnalysisOptions {
  readonly preset: string | null;
  /** The config's stage for `plan`; `analyze` reads it from the templates' tags. */
  readonly stage?: string;
  readonly region: string;
  readonly nagReport?: ValidationReport;
  readonly progress: (step: string) => void;
}

async function analyzeInto(
  staged: StagedOutput,
  stacks: StackTemplate[],
  options: AnalyzeIntoOptions,
): Promise<Omit<PlanRun, 'outDir' | 'validatorWarnings'>> {
  options.progress('Checking findings');
  const findings = sortFindings([
    ...check(stacks, options.stage ? { stage: options.stage } : {}),
    ...(options.nagReport ? fromNagReport(options.nagReport, stacks) : []),
  ]);
  options.progress('Estimating monthly cost');
  const cost = estimate(stacks, {
    region: options.region,
    freeTier: options.freeTier,
    pricing: options.pricing,
    usage: options.usage,
  });
  options.progress('Drawing the diagram');
  const graph = buildGraph(stacks);
  const svg = await renderSvg(graph);
  const mermaid = toMermaid(graph);
  const plan: Plan = {
    preset: options.preset,
    region: options.region,
    stacks: stacks.map((s) => planStack(s, staged)),
    findings,
    cost,
    diagram: { svg: 'diagram.svg', mermaid: 'diagram.mmd' },
  };
  writeFileSync(join(staged.dir, 'diagram.svg'), svg);
  writeFileSync(join(staged.dir, 'diagram.mmd'), mermaid);
  writeFileSync(join(staged.dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  writeFileSync(join(staged.dir, 'report.html'), renderReportHtml(plan, { svg, mermaid }));
  const failures = failOn(findings, options.failOn)
    ? [`findings at or above "${options.failOn}" (--fail-on ${options.failOn})`]
    : [];
  return { plan, paths: outputPaths(staged.outDir), failures };
}

function planStack(stack: StackTemplate, staged: StagedOutput): PlanStack {
  const resources: Record<string, number> = {};
  for (const { resource } of allResources([stack]))
    resources[resource.Type] = (resources[resource.Type] ?? 0) + 1;
  // Paths in plan.json are relative to the output directory: a synthesized template is staged with it,
  // a foreign one (analyze) stays where it is.
  const file = stack.file ?? `${stack.name}.template.json`;
  const staging = relative(staged.dir, file);
  return {
    name: stack.name,
    template: staging.startsWith('..') ? relative(staged.outDir, file) : staging,
    resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function outputPaths(outDir: string): OutputPaths {
  return {
    planJson: join(outDir, 'plan.json'),
    report: join(outDir, 'report.html'),
    svg: join(outDir, 'diagram.svg'),
    mermaid: join(outDir, 'diagram.mmd'),
  };
}

/** The `--config`, `--preset` and `--region` flags as the config loader takes them. */
function configSource(options: { config?: string; preset?: string; region?: string }): LoadOptions {
  return {
    ...(options.config !== undefined ? { file: options.config } : {}),
    ...(options.preset !== undefined ? { preset: options.preset } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  };
}

function synthFailures(synth: SynthResult): string[] {
  return [
    ...synth.validatorErrors.map(
      (v) => `CloudFormation validator ${v.rule} at ${v.constructPath}: ${v.description}`,
    ),
    ...synth.nagErrors.map(
      (v) => `unacknowledged cdk-nag error ${v.rule} at ${v.constructPath}: ${v.description}`,
    ),
  ];
}
