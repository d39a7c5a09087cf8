import { type ResourceRef, refsIn } from '../../template/index.ts';
import type { Charge, FreeMark, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * Lambda: functions behind custom resources (CDK providers, BucketDeployment, log retention …) run only
 * while CloudFormation deploys and are listed free. Application functions share `lambdaInvocations`
 * evenly; compute is invocations × `lambdaDurationMs` × the function's MemorySize (default 128 MB), at
 * the arm64 or x86 rate. Always free: 1M requests and 400k GB-seconds.
 */
export function priceLambda(ctx: PricingContext): Priced {
  const functions = ctx.ofType('AWS::Lambda::Function');
  if (functions.length === 0) return { charges: [] };
  const handlers = deployTimeHandlers(ctx);
  const free: FreeMark[] = functions
    .filter((f) => handlers.has(f))
    .map((ref) => ({
      ref,
      reason:
        'custom resource handler: runs only while CloudFormation deploys, within the always-free requests',
    }));
  const application = functions.filter((f) => !handlers.has(f));
  if (application.length === 0) return { charges: [], free };

  const lambda = ctx.prices.lambda;
  const invocations = share(ctx.use('lambdaInvocations'), application.length);
  const seconds = ctx.use('lambdaDurationMs') / 1000;
  const charges: Charge[] = [];
  for (const ref of application) {
    const memoryMb = ctx.number(ref, 'MemorySize') ?? 128;
    const architectures = ctx.value(ref, 'Architectures');
    const arm = Array.isArray(architectures) && architectures.includes('arm64');
    charges.push(
      ctx.charge(ref, 'requests', invocations / 1e6, lambda.perMillionRequests, { pool: 'lambdaRequests' }),
      ctx.charge(
        ref,
        `compute, ${memoryMb} MB ${arm ? 'arm64' : 'x86_64'} × ${seconds * 1000} ms per invocation`,
        invocations * seconds * (memoryMb / 1024),
        arm ? lambda.gbSecondArm : lambda.gbSecondX86,
        { pool: 'lambdaGbSeconds' },
      ),
    );
  }
  return { charges, free };
}

/** Functions a custom resource's ServiceToken reaches, following provider frameworks to the user handlers they call. */
function deployTimeHandlers(ctx: PricingContext): Set<ResourceRef> {
  const handlers = new Set<ResourceRef>();
  const pending: ResourceRef[] = [];
  const visit = (from: ResourceRef, value: unknown): void => {
    for (const id of refsIn(value)) {
      const target = ctx.target(from, { Ref: id });
      if (target?.resource.Type === 'AWS::Lambda::Function' && !handlers.has(target)) {
        handlers.add(target);
        pending.push(target);
      }
    }
  };
  for (const ref of ctx.resources) {
    const type = ref.resource.Type;
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')
      visit(ref, ref.resource.Properties?.ServiceToken);
  }
  for (let next = pending.pop(); next; next = pending.pop())
    visit(next, next.resource.Properties?.Environment);
  return handlers;
}
