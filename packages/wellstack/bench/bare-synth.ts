// A bare `app.synth()` of a preset's stacks — no cdk-nag, no validator, no analysis: the baseline that
// `plan.bench.ts` compares `wellstack plan` against. Usage: tsx bench/bare-synth.ts <preset> <outdir>
import { resolveConfig } from '../src/config/index.ts';
import { buildApp } from '../src/constructs/app.ts';

const [preset, outdir] = process.argv.slice(2);
if (!preset || !outdir) throw new Error('usage: bare-synth.ts <preset> <outdir>');
const { app } = buildApp(resolveConfig({ preset }), {
  outdir,
  baseDir: process.cwd(),
  validation: false,
  nag: false,
});
app.synth();
