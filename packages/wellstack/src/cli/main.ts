import { writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { usageKeys } from '../analysis/cost/index.ts';
import { TemplateReadError } from '../analysis/template/index.ts';
import { ConfigError, configJsonSchema, PRESET_NAMES, PRESETS } from '../config/index.ts';
import { renderCompareSummary, renderSummary } from '../report/index.ts';
import { runToolkit, type ToolkitAction } from './deploy.ts';
import { OPTIONS } from './options.ts';
import {
  type AnalysisOptions,
  checkUsageKeys,
  type PlanRun,
  runAnalyze,
  runCompare,
  runPlan,
  runSynth,
  UsageError,
} from './plan.ts';

interface CommonFlags {
  config?: string;
  preset?: string;
  region?: string;
  out: string;
  json?: boolean;
  validation: boolean;
  verbose?: boolean;
}

interface AnalysisFlags {
  freeTier: AnalysisOptions['freeTier'];
  pricing: AnalysisOptions['pricing'];
  usage?: string[];
  failOn: AnalysisOptions['failOn'];
}

export function buildProgram(): Command {
  const program = new Command('wellstack')
    .description(
      'One typed config file → a secure, highly available, cost-minimal AWS web-service architecture (CDK),\n' +
        'with its cost, findings and diagram before you deploy.',
    )
    .showHelpAfterError()
    .exitOverride();

  const plan = program
    .command('plan')
    .description(
      'synthesize, check, price and draw the architecture; write plan.json, report.html and the diagram',
    )
    .addOption(OPTIONS.config())
    .addOption(OPTIONS.preset())
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.out())
    .addOption(OPTIONS.json());
  withAnalysisOptions(plan)
    .addOption(OPTIONS.compare())
    .addOption(OPTIONS.noValidation())
    .addOption(OPTIONS.verbose())
    .action(async (flags: CommonFlags & AnalysisFlags & { compare?: string }) => {
      const progress = progressPrinter(flags.json);
      const options = {
        ...flags,
        ...analysisOptions(flags),
        progress,
      };
      if (flags.compare) {
        const presets = flags.compare.split(',').map((p) => p.trim());
        const unknown = presets.filter((p) => !(PRESET_NAMES as string[]).includes(p));
        if (unknown.length > 0 || presets.length < 2) {
          throw new UsageError(
            `--compare takes two or more of ${PRESET_NAMES.join(', ')} separated by commas${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
          );
        }
        const { runs, report } = await runCompare(presets, options);
        if (flags.json)
          print(
            JSON.stringify(
              runs.map((r) => r.plan),
              null,
              2,
            ),
          );
        else print(`${renderCompareSummary(runs.map((r) => r.plan))}\n\nSide-by-side report: ${report}`);
        finish(runs.flatMap((r) => r.failures));
        return;
      }
      const run = await runPlan(options);
      report(run, flags);
    });

  program
    .command('synth')
    .description('synthesize the CloudFormation templates (cloud assembly) with cdk-nag and the validator')
    .addOption(OPTIONS.config())
    .addOption(OPTIONS.preset())
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.out())
    .addOption(OPTIONS.json())
    .addOption(OPTIONS.noValidation())
    .addOption(OPTIONS.verbose())
    .action(async (flags: CommonFlags) => {
      const run = await runSynth({ ...flags, progress: progressPrinter(flags.json) });
      if (flags.verbose && run.synth.log) process.stderr.write(`${run.synth.log}\n`);
      const stacks = run.synth.stacks.map((s) => ({ name: s.name, template: s.file }));
      if (flags.json) print(JSON.stringify({ assembly: run.synth.assemblyDir, stacks }, null, 2));
      else print(stacks.map((s) => `${s.name}\t${s.template}`).join('\n'));
      finish(run.failures);
    });

  const analyze = program
    .command('analyze')
    .description('estimate, check and draw any CloudFormation template (.json) or cdk.out directory')
    .argument('<input>', 'template .json file or cdk.out directory')
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.out())
    .addOption(OPTIONS.json());
  withAnalysisOptions(analyze).action(async (input: string, flags: CommonFlags & AnalysisFlags) => {
    const run = await runAnalyze({
      ...flags,
      input,
      ...analysisOptions(flags),
      progress: progressPrinter(flags.json),
    });
    report(run, flags);
  });

  program
    .command('schema')
    .description('print the JSON schema of wellstack.config (for editors)')
    .addOption(OPTIONS.outFile())
    .action((flags: { out?: string }) => {
      const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    });

  program
    .command('presets')
    .description('list the presets')
    .action(() => {
      print(PRESET_NAMES.map((name) => `${name.padEnd(14)} ${presetSummary(name)}`).join('\n'));
    });

  program
    .command('usage')
    .description('list the usage assumptions of the cost estimate and their defaults')
    .action(() => {
      print(
        Object.entries(usageKeys)
          .map(
            ([key, k]) =>
              `${key.padEnd(24)} ${String(k.default).padStart(10)} ${k.unit.padEnd(12)} ${k.meaning}`,
          )
          .join('\n'),
      );
    });

  for (const action of ['deploy', 'diff', 'destroy'] as const) {
    program
      .command(action)
      .description(
        `${action} the stacks through the CDK toolkit (needs AWS credentials and a bootstrapped account)`,
      )
      .addOption(OPTIONS.config())
      .addOption(OPTIONS.preset())
      .addOption(OPTIONS.region())
      .addOption(OPTIONS.out())
      .addOption(OPTIONS.stacks())
      .addOption(action === 'destroy' ? OPTIONS.force() : OPTIONS.verbose())
      .action(async (flags: CommonFlags & { stack?: string[]; force?: boolean }) => {
        await runToolkit(action as ToolkitAction, { ...flags, progress: progressPrinter(false) });
      });
  }
  return program;
}

/** How to price and when to fail: the options `plan` and `analyze` share. */
function withAnalysisOptions(command: Command): Command {
  return command
    .addOption(OPTIONS.freeTier())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.usage())
    .addOption(OPTIONS.failOn());
}

function presetSummary(name: keyof typeof PRESETS): string {
  const p = PRESETS[name];
  const services = Object.keys(p.services ?? {}).join(' + ');
  return `services: ${services}; egress: ${p.network?.egress}; database: ${p.database ? (p.database.multiAz ? 'Multi-AZ' : 'single-AZ') : 'none'}; cache: ${p.cache ? 'yes' : 'none'}`;
}

function analysisOptions(flags: AnalysisFlags): AnalysisOptions {
  return {
    freeTier: flags.freeTier,
    pricing: flags.pricing,
    usage: parseUsage(flags.usage ?? []),
    failOn: flags.failOn,
  };
}

/** `-u key=value` pairs → numbers, checked against the estimator's usage keys. */
export function parseUsage(pairs: readonly string[]): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9]+)=(\d+(\.\d+)?)$/.exec(pair);
    if (!match) throw new UsageError(`--usage ${pair}: write key=number, e.g. --usage dataOutGb=50`);
    usage[match[1]!] = Number(match[2]);
  }
  checkUsageKeys(usage, '--usage');
  return usage;
}

function report(run: PlanRun, flags: CommonFlags): void {
  if (flags.json) print(JSON.stringify(run.plan, null, 2));
  else {
    print(renderSummary(run.plan, run.paths, { color: process.stdout.isTTY === true }));
    if (run.workflow)
      print(
        `Workflow ${run.workflow}  (copy to .github/workflows/; set repository variables DeployRoleArn and ArtifactsBucket from the stack outputs)`,
      );
    for (const w of run.validatorWarnings)
      process.stderr.write(`validator warning ${w.rule} at ${w.constructPath}: ${w.description}\n`);
  }
  finish(run.failures);
}

function finish(failures: readonly string[]): void {
  if (failures.length === 0) return;
  process.stderr.write(`\nwellstack: failed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Progress lines on stderr (never on stdout, which `--json` reserves for the result), with elapsed time. */
function progressPrinter(json: boolean | undefined): (step: string) => void {
  if (json) return () => {};
  const start = Date.now();
  return (step) => {
    process.stderr.write(`  [${((Date.now() - start) / 1000).toFixed(1).padStart(5)}s] ${step}…\n`);
  };
}

/** Runs the CLI: user mistakes exit 2 with a message, failed checks exit 1, anything else exits 1 with its message. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof TemplateReadError) {
      process.stderr.write(`wellstack: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    process.stderr.write(`wellstack: ${verbose ? (error as Error).stack : (error as Error).message}\n`);
    process.exitCode = 1;
  }
}
