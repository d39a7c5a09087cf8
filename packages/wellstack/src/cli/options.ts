import { Option } from 'commander';

/**
 * Every option of every command, declared once (as aws-cdk-cli's cli-config.ts does); commands pick
 * the ones they take by name.
 */
export const OPTIONS = {
  config: () => new Option('-c, --config <file>', 'config file (default: ./wellstack.config.ts)'),
  preset: () =>
    new Option(
      '-p, --preset <name>',
      "preset to start from; overrides the file's preset, or plans the bare preset when no config file is given",
    ),
  region: () => new Option('-r, --region <region>', 'AWS region (ap-northeast-2 | us-east-1)'),
  out: () => new Option('-o, --out <dir>', 'output directory').default('wellstack.out'),
  outFile: () => new Option('-o, --out <file>', 'write to this file instead of stdout'),
  json: () => new Option('--json', 'print the plan as JSON on stdout and nothing else'),
  freeTier: () =>
    new Option('--free-tier <model>', 'free-tier model for the estimate')
      .choices(['none', 'legacy', 'credits'])
      .default('none'),
  pricing: () =>
    new Option('--pricing <model>', 'commitment model for the estimate')
      .choices(['on-demand', 'savings-1y', 'spot'])
      .default('on-demand'),
  usage: () =>
    new Option(
      '-u, --usage <key=value...>',
      'usage assumption for the estimate, e.g. -u dataOutGb=50 (see `wellstack usage`)',
    ),
  failOn: () =>
    new Option('--fail-on <severity>', 'exit 1 when a finding has this severity or higher')
      .choices(['high', 'medium', 'low', 'none'])
      .default('none'),
  compare: () =>
    new Option('--compare <presets>', 'plan several presets side by side, e.g. free-tier,startup,ha'),
  noValidation: () =>
    new Option('--no-validation', "skip aws-cdk-lib's built-in CloudFormation validator (saves ~3.5 s)"),
  verbose: () => new Option('-v, --verbose', 'print what aws-cdk-lib reported during synthesis'),
  stacks: () => new Option('--stack <name...>', 'only these stacks, by name or pattern (default: all)'),
  force: () => new Option('-f, --force', 'destroy without asking for confirmation'),
} as const;
