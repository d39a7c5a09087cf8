import { numberOf, type ResourceRef } from '../template/index.ts';
import type { PricingContext } from './context.ts';

/** One EBS volume an instance launches with. */
export interface Volume {
  readonly device: string;
  readonly sizeGb: number;
  readonly type: string;
  /** True when the template does not map the root device and the AMI default is assumed. */
  readonly assumed: boolean;
}

/**
 * The EC2 instances a resource runs: a standalone instance, or an Auto Scaling group's capacity read
 * through its launch template or launch configuration. The ec2, ebs and public IPv4 pricers share it.
 */
export interface Fleet {
  readonly ref: ResourceRef;
  /** Undefined when the capacity cannot be read from the template. */
  readonly count: number | undefined;
  /** How the count was read, e.g. `desired capacity 2`. */
  readonly countNote: string;
  readonly instanceType: string | undefined;
  /** Instances on spot through a MixedInstancesPolicy, spot market options or a launch configuration spot price. */
  readonly spotCount: number;
  readonly volumes: readonly Volume[];
  readonly publicIp: boolean;
  /** Source/destination check off: the instance forwards traffic (a NAT instance). */
  readonly forwardsTraffic: boolean;
}

/**
 * Root volume assumed when a template does not map the root device: the Amazon Linux 2023 AMI's
 * default, 8 GiB gp3. Other AMIs differ (Amazon Linux 2: 8 GiB gp2; Windows: 30 GiB).
 */
export const DEFAULT_ROOT_VOLUME = { sizeGb: 8, type: 'gp3' } as const;

const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda']);

type Props = Record<string, unknown>;

const asProps = (value: unknown): Props =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Props) : {};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function fleets(ctx: PricingContext): Fleet[] {
  return [
    ...ctx.ofType('AWS::AutoScaling::AutoScalingGroup').map((ref) => groupFleet(ctx, ref)),
    ...ctx.ofType('AWS::EC2::Instance').map((ref) => instanceFleet(ctx, ref)),
  ];
}

function instanceFleet(ctx: PricingContext, ref: ResourceRef): Fleet {
  const props = asProps(ref.resource.Properties);
  const template = launchTemplateData(ctx, ref, props.LaunchTemplate);
  const instanceType = stringOf(ctx, ref, props.InstanceType ?? template.InstanceType);
  const interfaces = asList(props.NetworkInterfaces ?? template.NetworkInterfaces);
  const primary = asProps(interfaces[0]);
  const spot = asProps(template.InstanceMarketOptions).MarketType === 'spot';
  const sourceDestCheck = ctx.boolean(ref, props.SourceDestCheck ?? primary.SourceDestCheck);
  return {
    ref,
    count: 1,
    countNote: 'standalone instance',
    instanceType,
    spotCount: spot ? 1 : 0,
    volumes: volumesOf(ctx, ref, props.BlockDeviceMappings ?? template.BlockDeviceMappings),
    publicIp: publicIp(ctx, ref, primary.AssociatePublicIpAddress, [props.SubnetId ?? primary.SubnetId]),
    forwardsTraffic: sourceDestCheck === false,
  };
}

function groupFleet(ctx: PricingContext, ref: ResourceRef): Fleet {
  const props = asProps(ref.resource.Properties);
  const mixed = asProps(props.MixedInstancesPolicy);
  const mixedTemplate = asProps(mixed.LaunchTemplate);
  const template = launchTemplateData(
    ctx,
    ref,
    props.LaunchTemplate ?? mixedTemplate.LaunchTemplateSpecification,
  );
  const configuration = asProps(ctx.target(ref, props.LaunchConfigurationName)?.resource.Properties ?? {});
  const override = asProps(asList(mixedTemplate.Overrides)[0]);
  const instanceType = stringOf(
    ctx,
    ref,
    override.InstanceType ?? template.InstanceType ?? configuration.InstanceType,
  );

  const desired = ctx.number(ref, 'DesiredCapacity');
  const min = ctx.number(ref, 'MinSize');
  const count = desired ?? min;
  const countNote = desired !== undefined ? `desired capacity ${desired}` : `min size ${min}`;

  const interfaces = asList(template.NetworkInterfaces);
  const associate = asProps(interfaces[0]).AssociatePublicIpAddress ?? configuration.AssociatePublicIpAddress;
  const subnets = asList(ctx.value(ref, 'VPCZoneIdentifier'));

  return {
    ref,
    count,
    countNote: count === undefined ? 'capacity not readable' : countNote,
    instanceType,
    spotCount: count === undefined ? 0 : spotShare(ctx, ref, mixed, template, configuration, count),
    volumes: volumesOf(ctx, ref, template.BlockDeviceMappings ?? configuration.BlockDeviceMappings),
    publicIp: publicIp(ctx, ref, associate, subnets),
    forwardsTraffic: false,
  };
}

/**
 * Spot instances of a group: a MixedInstancesPolicy keeps `OnDemandBaseCapacity` (default 0) on demand
 * and `OnDemandPercentageAboveBaseCapacity` (default 100) of the rest, rounded up as EC2 Auto Scaling does;
 * a launch template asking for the spot market or a launch configuration with a spot price puts all on spot.
 */
function spotShare(
  ctx: PricingContext,
  ref: ResourceRef,
  mixed: Props,
  template: Props,
  configuration: Props,
  count: number,
): number {
  if (asProps(template.InstanceMarketOptions).MarketType === 'spot' || configuration.SpotPrice !== undefined)
    return count;
  if (Object.keys(mixed).length === 0) return 0;
  const distribution = asProps(mixed.InstancesDistribution);
  const base = numberOf(ctx.literal(ref, distribution.OnDemandBaseCapacity)) ?? 0;
  const percent = numberOf(ctx.literal(ref, distribution.OnDemandPercentageAboveBaseCapacity)) ?? 100;
  const onDemand = Math.min(count, base) + Math.ceil((Math.max(0, count - base) * percent) / 100);
  return count - Math.min(count, onDemand);
}

/** The data of a launch template referenced by id or name; CDK instances name theirs with a literal string. */
function launchTemplateData(ctx: PricingContext, ref: ResourceRef, specification: unknown): Props {
  const spec = asProps(specification);
  const name = ctx.literal(ref, spec.LaunchTemplateName);
  const target =
    ctx.target(ref, spec.LaunchTemplateId ?? spec.LaunchTemplateName) ??
    (typeof name === 'string'
      ? ctx
          .ofType('AWS::EC2::LaunchTemplate')
          .find((t) => t.stack === ref.stack && t.resource.Properties?.LaunchTemplateName === name)
      : undefined);
  return asProps(asProps(target?.resource.Properties).LaunchTemplateData);
}

function stringOf(ctx: PricingContext, ref: ResourceRef, value: unknown): string | undefined {
  const v = ctx.literal(ref, value);
  return typeof v === 'string' ? v : undefined;
}

function volumesOf(ctx: PricingContext, ref: ResourceRef, mappings: unknown): Volume[] {
  const volumes: Volume[] = [];
  for (const mapping of asList(mappings).map(asProps)) {
    const ebs = asProps(mapping.Ebs);
    if (!mapping.Ebs) continue; // instance-store or NoDevice mappings cost nothing extra
    const device = stringOf(ctx, ref, mapping.DeviceName) ?? '';
    volumes.push({
      device,
      sizeGb: numberOf(ctx.literal(ref, ebs.VolumeSize)) ?? DEFAULT_ROOT_VOLUME.sizeGb,
      type: stringOf(ctx, ref, ebs.VolumeType) ?? DEFAULT_ROOT_VOLUME.type,
      assumed: false,
    });
  }
  if (!volumes.some((v) => ROOT_DEVICES.has(v.device)))
    volumes.unshift({ device: '/dev/xvda', ...DEFAULT_ROOT_VOLUME, assumed: true });
  return volumes;
}

/** An explicit AssociatePublicIpAddress wins; otherwise the subnet's MapPublicIpOnLaunch decides. */
function publicIp(ctx: PricingContext, ref: ResourceRef, associate: unknown, subnets: unknown[]): boolean {
  const explicit = ctx.boolean(ref, associate);
  if (explicit !== undefined) return explicit;
  return subnets.some((subnet) => {
    const target = ctx.target(ref, subnet);
    return target?.resource.Type === 'AWS::EC2::Subnet'
      ? ctx.boolean(target, target.resource.Properties?.MapPublicIpOnLaunch) === true
      : false;
  });
}
