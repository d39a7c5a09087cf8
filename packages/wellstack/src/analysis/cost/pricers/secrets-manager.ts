import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/** Secrets Manager: each secret by the month, `secretsApiCalls` split evenly over the secrets. */
export function priceSecretsManager(ctx: PricingContext): Priced {
  const secrets = ctx.ofType('AWS::SecretsManager::Secret');
  if (secrets.length === 0) return { charges: [] };
  const sm = ctx.prices.secretsManager;
  const calls = share(ctx.use('secretsApiCalls'), secrets.length) / 10_000;
  const months = ctx.use('hours') / 730;
  const charges: Charge[] = secrets.flatMap((ref) => [
    ctx.charge(ref, 'secret', months, sm.secret),
    ...(calls > 0 ? [ctx.charge(ref, 'API calls', calls, sm.per10kCalls)] : []),
  ]);
  return { charges };
}
