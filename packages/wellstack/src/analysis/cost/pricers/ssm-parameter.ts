import type { Charge, FreeMark, Priced, PricingContext } from '../context.ts';

/** SSM parameters: standard parameters are free, advanced ones are billed by the month. */
export function priceSsmParameters(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const free: FreeMark[] = [];
  for (const ref of ctx.ofType('AWS::SSM::Parameter')) {
    if (ctx.string(ref, 'Tier') === 'Advanced')
      charges.push(
        ctx.charge(ref, 'advanced parameter', ctx.use('hours') / 730, ctx.prices.ssm.advancedParameter),
      );
    else free.push({ ref, reason: 'standard SSM parameters have no storage charge' });
  }
  return { charges, free };
}
