import { createInterface } from 'node:readline/promises';
import { StackSelectionStrategy, type StackSelector, Toolkit } from '@aws-cdk/toolkit-lib';
import { runSynth } from './plan.ts';

export interface ToolkitCommandOptions {
  readonly config?: string;
  readonly preset?: string;
  readonly region?: string;
  readonly out: string;
  readonly stack?: readonly string[];
  readonly force?: boolean;
  readonly progress?: (step: string) => void;
}

export type ToolkitAction = 'deploy' | 'diff' | 'destroy';

/**
 * `deploy`, `diff` and `destroy` through the CDK toolkit library (the engine of the `cdk` CLI), on the same
 * checked assembly `plan` writes. These are the only commands that talk to AWS; they use the standard
 * credential chain (AWS_PROFILE, environment, SSO) and need the target account to be bootstrapped.
 */
export async function runToolkit(action: ToolkitAction, options: ToolkitCommandOptions): Promise<void> {
  const synth = await runSynth(options);
  if (synth.failures.length > 0) {
    throw new Error(
      `refusing to ${action}: the assembly does not pass its checks:\n${synth.failures.map((f) => `  - ${f}`).join('\n')}`,
    );
  }
  const toolkit = new Toolkit();
  const assembly = await toolkit.fromAssemblyDirectory(synth.synth.assemblyDir);
  const stacks: StackSelector = options.stack?.length
    ? { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [...options.stack] }
    : { strategy: StackSelectionStrategy.ALL_STACKS };
  switch (action) {
    case 'diff':
      await toolkit.diff(assembly, { stacks });
      return;
    case 'deploy':
      await toolkit.deploy(assembly, { stacks });
      return;
    case 'destroy':
      if (
        !options.force &&
        !(await confirm(`Destroy ${describe(options.stack)} of ${synth.config.name}-${synth.config.stage}?`))
      ) {
        throw new Error('destroy cancelled');
      }
      await toolkit.destroy(assembly, { stacks });
      return;
  }
}

function describe(stacks: readonly string[] | undefined): string {
  return stacks?.length ? stacks.join(', ') : 'all stacks';
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
