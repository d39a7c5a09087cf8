import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext } from '../context.ts';
import { fleets } from '../fleet.ts';
import { subnetCount } from '../subnets.ts';

/**
 * Public IPv4 addresses, 0.005/h each whether in use or idle: one per subnet of every internet-facing
 * load balancer, every Elastic IP (a NAT gateway's included), a public NAT gateway without a template
 * EIP, and every instance that gets a public address (AssociatePublicIpAddress, or a subnet with
 * MapPublicIpOnLaunch) and has no Elastic IP, and every publicly accessible RDS instance. Addresses on EC2 instances draw on the legacy free tier's 750 h.
 */
export function pricePublicIpv4(ctx: PricingContext): Priced {
  const entry = ctx.prices.network.publicIpv4Hour;
  const hours = ctx.use('hours');
  const charges: Charge[] = [];

  for (const ref of ctx.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    if ((ctx.string(ref, 'Scheme') ?? 'internet-facing') !== 'internet-facing') continue;
    const count = subnetCount(ctx, ref, ['Subnets', 'SubnetMappings']);
    charges.push(
      ctx.charge(
        ref,
        `public IPv4 addresses, one per subnet of the internet-facing load balancer (${count})`,
        count * hours,
        entry,
      ),
    );
  }

  const withElasticIp = new Set<ResourceRef>();
  for (const ref of ctx.ofType('AWS::EC2::EIP')) {
    const instance = attachedInstance(ctx, ref);
    if (instance) withElasticIp.add(instance);
    const holder = instance
      ? `on ${ctx.name(instance)}`
      : natGatewayOf(ctx, ref)
        ? `of NAT gateway ${natGatewayOf(ctx, ref)}`
        : 'idle or attached outside the template';
    charges.push(
      ctx.charge(
        ref,
        `public IPv4 address (Elastic IP ${holder})`,
        hours,
        entry,
        instance ? { pool: 'publicIpv4Hours' } : {},
      ),
    );
  }

  for (const ref of ctx.ofType('AWS::EC2::NatGateway')) {
    if (ctx.string(ref, 'ConnectivityType') === 'private') continue;
    if (ctx.target(ref, ref.resource.Properties?.AllocationId)?.resource.Type === 'AWS::EC2::EIP') continue;
    charges.push(
      ctx.charge(
        ref,
        'public IPv4 address of the NAT gateway (Elastic IP outside the template)',
        hours,
        entry,
      ),
    );
  }

  // A publicly accessible DB instance resolves to a public address of its own (seed 001 counted it).
  for (const ref of ctx.ofType('AWS::RDS::DBInstance')) {
    if (ctx.boolean(ref, ref.resource.Properties?.PubliclyAccessible) !== true) continue;
    charges.push(ctx.charge(ref, 'public IPv4 address of the publicly accessible DB instance', hours, entry));
  }

  for (const fleet of fleets(ctx)) {
    if (!fleet.publicIp || !fleet.count || withElasticIp.has(fleet.ref)) continue;
    const role = fleet.forwardsTraffic ? 'NAT instance' : 'instance';
    charges.push(
      ctx.charge(
        fleet.ref,
        `public IPv4 address per ${role} (${fleet.count} × ${fleet.countNote})`,
        fleet.count * hours,
        entry,
        {
          pool: 'publicIpv4Hours',
        },
      ),
    );
  }
  return { charges };
}

function attachedInstance(ctx: PricingContext, eip: ResourceRef): ResourceRef | undefined {
  const direct = ctx.target(eip, eip.resource.Properties?.InstanceId);
  if (direct) return direct;
  for (const association of ctx.ofType('AWS::EC2::EIPAssociation')) {
    const props = association.resource.Properties ?? {};
    const eipTarget = ctx.target(association, props.AllocationId ?? props.EIP);
    if (eipTarget === eip) return ctx.target(association, props.InstanceId);
  }
  return undefined;
}

function natGatewayOf(ctx: PricingContext, eip: ResourceRef): string | undefined {
  const gateway = ctx
    .ofType('AWS::EC2::NatGateway')
    .find((nat) => ctx.target(nat, nat.resource.Properties?.AllocationId) === eip);
  return gateway ? ctx.name(gateway) : undefined;
}
