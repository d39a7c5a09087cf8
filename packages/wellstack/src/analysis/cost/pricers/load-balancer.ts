import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';

/**
 * Elastic Load Balancing v2: application load balancers by the hour plus `albLcuPerHour` LCUs, network
 * load balancers by the hour plus `nlbNlcuPerHour` NLCUs. The legacy free tier's 750 h and 15 LCU-hours
 * cover application load balancers only. Their public addresses are priced by the public IPv4 pricer.
 */
export function priceLoadBalancers(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  const network = ctx.prices.network;
  for (const ref of ctx.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const type = ctx.string(ref, 'Type') ?? 'application';
    if (type === 'application') {
      const hours = ctx.use('hours');
      const lcus = ctx.use('albLcuPerHour');
      charges.push(
        ctx.charge(ref, 'application load balancer hours', hours, network.albHour, { pool: 'albHours' }),
      );
      if (lcus > 0)
        charges.push(
          ctx.charge(
            ref,
            `load balancer capacity units (${lcus} LCU average)`,
            lcus * hours,
            network.albLcu,
            {
              pool: 'albLcu',
            },
          ),
        );
    } else if (type === 'network') {
      const hours = ctx.use('hours');
      const nlcus = ctx.use('nlbNlcuPerHour');
      charges.push(ctx.charge(ref, 'network load balancer hours', hours, network.nlbHour));
      if (nlcus > 0)
        charges.push(
          ctx.charge(
            ref,
            `network load balancer capacity units (${nlcus} NLCU average)`,
            nlcus * hours,
            network.nlbNlcu,
          ),
        );
    } else unpriced.push({ ref, reason: `${type} load balancers are not in the price table` });
  }
  return { charges, unpriced };
}
