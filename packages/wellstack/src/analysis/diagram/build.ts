import { numberOf, prop, type ResourceRef, type StackTemplate } from '../template/index.ts';
import type {
  Category,
  EdgeKind,
  Graph,
  GraphEdge,
  GraphGroup,
  GraphNode,
  GroupKind,
  NodeKind,
} from './graph.ts';
import { labelOf } from './labels.ts';
import { keyOf, placeIn, ResourceIndex, readSubnets, type Subnet, TIERS, type VpcPlace } from './network.ts';

type Place = { readonly area: 'internet' | 'edge' | 'regional' } | ({ readonly area: 'vpc' } & VpcPlace);

interface Draft {
  id: string;
  label: string;
  /** Size and shape; the builder appends the count and the AZ spread. */
  detail?: string;
  kind: NodeKind;
  category: Category;
  resources: string[];
  place: Place;
  /** How many resources of the same role the node stands for. */
  count: number;
}

const INTERNET = 'internet';
const SG = 'AWS::EC2::SecurityGroup';

/** CDK's own helpers (custom-resource providers, log retention, bucket notifications): not the architecture. */
const CDK_INTERNAL =
  /Custom::|CustomResource|Provider\/framework|LogRetention|BucketNotificationsHandler|AutoDeleteObjects|BucketDeployment|AWS679f53fac002430cb0da5b7982bd2287|SingletonLambda/;

function idOf(key: string): string {
  return `n_${key.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The literal text of a string, `Fn::Join` or `Fn::Sub`, with intrinsic parts left out. */
function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown> | undefined;
  const join = v?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]))
    return join[1].map(literalText).join(String(join[0] ?? ''));
  const sub = v?.['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return typeof text === 'string' ? text.replace(/\$\{[^}]*\}/g, '') : '';
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function isPrivateCidr(cidr: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|f[cd])/i.test(
    cidr,
  );
}

function portLabel(rule: Record<string, unknown>): string {
  const protocol = str(rule.IpProtocol) ?? 'tcp';
  if (protocol === '-1') return 'all traffic';
  if (protocol === 'icmp' || protocol === '1') return 'ICMP';
  const from = numberOf(rule.FromPort);
  const to = numberOf(rule.ToPort);
  if (from === undefined) return protocol;
  return from === to || to === undefined ? `:${from}` : `:${from}–${to}`;
}

class Builder {
  readonly drafts = new Map<string, Draft>();
  /** Which node stands for a resource, including resources folded into another node's (launch templates, listeners). */
  readonly owner = new Map<string, string>();
  readonly edges: GraphEdge[] = [];
  /** Nodes that carry each security group: its rules become edges between them. */
  readonly sgOwners = new Map<string, Set<string>>();

  constructor(
    readonly index: ResourceIndex,
    readonly subnets: ReadonlyMap<string, Subnet>,
  ) {}

  add(
    ref: ResourceRef,
    kind: NodeKind,
    category: Category,
    kindLabel: string,
    place: Place,
    detail?: string,
  ) {
    const key = keyOf(ref.stack, ref.id);
    const draft: Draft = {
      id: idOf(key),
      label: labelOf(ref, kindLabel),
      kind,
      category,
      resources: [key],
      place,
      count: 1,
      ...(detail ? { detail } : {}),
    };
    this.drafts.set(draft.id, draft);
    this.owner.set(key, draft.id);
    return draft;
  }

  /** The node that stands for the first resource a value refers to. */
  nodeOf(stack: string, value: unknown): string | undefined {
    for (const key of this.index.refs(stack, value)) {
      const id = this.owner.get(key);
      if (id) return id;
    }
    return undefined;
  }

  edge(from: string | undefined, to: string | undefined, kind: EdgeKind, label?: string): void {
    if (!from || !to || from === to) return;
    this.edges.push({ from, to, kind, ...(label ? { label } : {}) });
  }

  ownSgs(nodeId: string, stack: string, value: unknown): void {
    for (const sg of this.index.refs(stack, value).filter((k) => this.index.type(k) === SG)) {
      const owners = this.sgOwners.get(sg) ?? new Set();
      owners.add(nodeId);
      this.sgOwners.set(sg, owners);
    }
  }

  vpcPlace(stack: string, subnetValue: unknown): Place {
    return { area: 'vpc', ...(placeIn(this.index, this.subnets, stack, subnetValue) ?? { azs: [] }) };
  }

  internet(): string {
    if (!this.drafts.has(INTERNET)) {
      this.drafts.set(INTERNET, {
        id: INTERNET,
        label: 'Internet',
        detail: 'users',
        kind: 'internet',
        category: 'internet',
        resources: [],
        place: { area: 'internet' },
        count: 1,
      });
    }
    return INTERNET;
  }
}

/**
 * The architecture graph of a set of stacks, read from their templates alone (works on any CloudFormation
 * template). Resources people draw become nodes; IAM, policies, log groups, CDK helpers and security
 * groups (their rules become `admits` edges) are left out. Nodes of one role repeated across AZs or
 * subnets are drawn once with a count.
 */
export function buildGraph(stacks: readonly StackTemplate[]): Graph {
  const index = new ResourceIndex(stacks);
  const b = new Builder(index, readSubnets(index));
  addCompute(b);
  addData(b);
  addEdgeAndServerless(b);
  connectLoadBalancers(b);
  connectEdge(b);
  connectServerless(b);
  connectSecurityGroups(b);
  return finish(b);
}

function launchTemplateData(
  b: Builder,
  ref: ResourceRef,
  value: unknown,
): Record<string, unknown> | undefined {
  const key = b.index.ref(ref.stack, value, 'AWS::EC2::LaunchTemplate');
  const lt = key ? b.index.byKey.get(key) : undefined;
  return lt ? (prop(lt.resource, 'LaunchTemplateData') as Record<string, unknown> | undefined) : undefined;
}

function addCompute(b: Builder): void {
  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const type = str(prop(ref.resource, 'Type'));
    if (type === 'gateway') continue;
    const internal = str(prop(ref.resource, 'Scheme')) === 'internal';
    const subnets =
      prop(ref.resource, 'Subnets') ??
      list(prop(ref.resource, 'SubnetMappings')).map((m) => (m as Record<string, unknown>).SubnetId);
    const listeners = b.index
      .ofType('AWS::ElasticLoadBalancingV2::Listener')
      .filter((l) => b.index.ref(l.stack, prop(l.resource, 'LoadBalancerArn')) === keyOf(ref.stack, ref.id))
      .map((l) => {
        const port = str(prop(l.resource, 'Port'));
        const redirect = list(prop(l.resource, 'DefaultActions'))
          .map((a) =>
            str(((a as Record<string, unknown>).RedirectConfig as Record<string, unknown> | undefined)?.Port),
          )
          .find((p) => p);
        return redirect ? `:${port}→${redirect}` : `:${port}`;
      })
      .sort();
    const detail = [internal ? 'internal' : 'internet-facing', listeners.join(' ')]
      .filter((s) => s)
      .join(' · ');
    const node = b.add(
      ref,
      'load-balancer',
      'networking',
      type === 'network' ? 'NLB' : 'ALB',
      b.vpcPlace(ref.stack, subnets),
      detail,
    );
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'SecurityGroups'));
  }

  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const protocol = str(prop(ref.resource, 'Protocol'));
    const port = str(prop(ref.resource, 'Port'));
    const health = str(prop(ref.resource, 'HealthCheckPath'));
    const detail = [protocol && port ? `${protocol} :${port}` : str(prop(ref.resource, 'TargetType')), health]
      .filter((s) => s)
      .join(' · ');
    // Placed next to its targets once they are known (see finish): the VPC is all the template says.
    const vpc = b.index.ref(ref.stack, prop(ref.resource, 'VpcId'));
    b.add(
      ref,
      'target-group',
      'networking',
      'target group',
      { area: 'vpc', azs: [], ...(vpc ? { vpc } : {}) },
      detail,
    );
  }

  for (const ref of b.index.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const ltValue =
      prop(ref.resource, 'LaunchTemplate.LaunchTemplateId') ??
      prop(ref.resource, 'LaunchTemplate.LaunchTemplateName') ??
      prop(ref.resource, 'MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId');
    const data = launchTemplateData(b, ref, ltValue);
    const lc = b.index.byKey.get(
      b.index.ref(
        ref.stack,
        prop(ref.resource, 'LaunchConfigurationName'),
        'AWS::AutoScaling::LaunchConfiguration',
      ) ?? '',
    );
    const instanceType =
      str(data?.InstanceType) ??
      str(lc && prop(lc.resource, 'InstanceType')) ??
      str(
        (
          list(prop(ref.resource, 'MixedInstancesPolicy.LaunchTemplate.Overrides'))[0] as Record<
            string,
            unknown
          >
        )?.InstanceType,
      );
    const spot =
      str((data?.InstanceMarketOptions as Record<string, unknown> | undefined)?.MarketType) === 'spot' ||
      numberOf(
        prop(ref.resource, 'MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity'),
      ) === 0;
    const min = str(prop(ref.resource, 'MinSize'));
    const max = str(prop(ref.resource, 'MaxSize'));
    const size =
      min === undefined || max === undefined ? undefined : min === max ? `×${min}` : `×${min}–${max}`;
    const detail = [instanceType, size, spot ? 'spot' : undefined].filter((s) => s).join(' ');
    const subnets = prop(ref.resource, 'VPCZoneIdentifier');
    const place: Place = subnets
      ? b.vpcPlace(ref.stack, subnets)
      : { area: 'vpc', azs: list(prop(ref.resource, 'AvailabilityZones')).map(String) };
    const node = b.add(ref, 'asg', 'compute', 'ASG', place, detail);
    for (const lt of b.index.refs(ref.stack, ltValue)) b.owner.set(lt, node.id);
    if (lc) b.owner.set(keyOf(lc.stack, lc.id), node.id);
    b.ownSgs(node.id, ref.stack, [
      data?.SecurityGroupIds,
      data?.SecurityGroups,
      list(data?.NetworkInterfaces).map((n) => (n as Record<string, unknown>).Groups),
      lc && prop(lc.resource, 'SecurityGroups'),
    ]);
  }

  for (const ref of b.index.ofType('AWS::EC2::Instance')) {
    const ltValue = prop(ref.resource, 'LaunchTemplate.LaunchTemplateId');
    const data = launchTemplateData(b, ref, ltValue);
    const interfaces = list(prop(ref.resource, 'NetworkInterfaces')) as Record<string, unknown>[];
    const nat =
      prop(ref.resource, 'SourceDestCheck') === false || prop(ref.resource, 'SourceDestCheck') === 'false';
    const spot =
      str((data?.InstanceMarketOptions as Record<string, unknown> | undefined)?.MarketType) === 'spot';
    const detail = [
      str(prop(ref.resource, 'InstanceType')) ?? str(data?.InstanceType),
      spot ? 'spot' : undefined,
    ]
      .filter((s) => s)
      .join(' ');
    const place = b.vpcPlace(ref.stack, prop(ref.resource, 'SubnetId') ?? interfaces.map((n) => n.SubnetId));
    const node = b.add(ref, 'instance', 'compute', nat ? 'NAT instance' : 'EC2', place, detail);
    if (nat) node.label = 'NAT instance';
    for (const lt of b.index.refs(ref.stack, ltValue)) b.owner.set(lt, node.id);
    b.ownSgs(node.id, ref.stack, [
      prop(ref.resource, 'SecurityGroupIds'),
      prop(ref.resource, 'SecurityGroups'),
      interfaces.map((n) => n.GroupSet),
      data?.SecurityGroupIds,
    ]);
  }

  for (const ref of b.index.ofType('AWS::EC2::NatGateway')) {
    const node = b.add(
      ref,
      'nat-gateway',
      'networking',
      'NAT gateway',
      b.vpcPlace(ref.stack, prop(ref.resource, 'SubnetId')),
    );
    node.label = 'NAT gateway';
  }

  for (const ref of b.index.ofType('AWS::EC2::VPCEndpoint')) {
    const service = literalText(prop(ref.resource, 'ServiceName')).split('.').pop() || 'service';
    const gateway = str(prop(ref.resource, 'VpcEndpointType')) !== 'Interface';
    const vpc = b.index.ref(ref.stack, prop(ref.resource, 'VpcId'));
    const place: Place = gateway
      ? { area: 'vpc', azs: [], ...(vpc ? { vpc } : {}) }
      : b.vpcPlace(ref.stack, prop(ref.resource, 'SubnetIds'));
    const node = b.add(
      ref,
      'vpc-endpoint',
      'networking',
      'endpoint',
      place,
      gateway ? 'gateway' : 'interface',
    );
    node.label = `${service === 's3' || service === 'dynamodb' ? service.toUpperCase() : service} endpoint`;
    if (!gateway) b.ownSgs(node.id, ref.stack, prop(ref.resource, 'SecurityGroupIds'));
  }
}

/** The place of a database or cache: its subnet group's subnets. */
function subnetGroupPlace(b: Builder, ref: ResourceRef, property: string, groupType: string): Place {
  const group = b.index.byKey.get(b.index.ref(ref.stack, prop(ref.resource, property), groupType) ?? '');
  if (!group) return { area: 'vpc', azs: [] };
  return b.vpcPlace(group.stack, prop(group.resource, 'SubnetIds'));
}

/** One place per AZ of a spread place: where a primary and its standby or replica are drawn. */
function splitAzs(place: Place): [Place, Place] {
  if (place.area !== 'vpc' || place.azs.length < 2) return [place, place];
  return [
    { ...place, azs: [place.azs[0]!] },
    { ...place, azs: [place.azs[1]!] },
  ];
}

function addData(b: Builder): void {
  for (const ref of b.index.ofType('AWS::RDS::DBCluster')) {
    const clusterKey = keyOf(ref.stack, ref.id);
    const members = b.index
      .ofType('AWS::RDS::DBInstance')
      .filter((i) => b.index.ref(i.stack, prop(i.resource, 'DBClusterIdentifier')) === clusterKey);
    const detail = [
      str(prop(ref.resource, 'Engine')),
      str(prop(members[0]?.resource ?? { Type: '' }, 'DBInstanceClass')),
      `${members.length} instance${members.length === 1 ? '' : 's'}`,
    ]
      .filter((s) => s)
      .join(' · ');
    const place = subnetGroupPlace(b, ref, 'DBSubnetGroupName', 'AWS::RDS::DBSubnetGroup');
    const node = b.add(ref, 'aurora', 'database', 'Aurora', place, detail);
    for (const m of members) b.owner.set(keyOf(m.stack, m.id), node.id);
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'VpcSecurityGroupIds'));
  }

  for (const ref of b.index.ofType('AWS::RDS::DBInstance')) {
    if (b.owner.has(keyOf(ref.stack, ref.id))) continue;
    const engine = str(prop(ref.resource, 'Engine'));
    const storage = str(prop(ref.resource, 'AllocatedStorage'));
    const detail = [engine, str(prop(ref.resource, 'DBInstanceClass')), storage ? `${storage} GB` : undefined]
      .filter((s) => s)
      .join(' · ');
    const place = subnetGroupPlace(b, ref, 'DBSubnetGroupName', 'AWS::RDS::DBSubnetGroup');
    const multiAz = isTrue(prop(ref.resource, 'MultiAZ'));
    const [primaryPlace, standbyPlace] = multiAz ? splitAzs(place) : [place, place];
    const node = b.add(ref, 'rds', 'database', 'RDS', primaryPlace, detail);
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'VPCSecurityGroups'));
    const source = b.nodeOf(ref.stack, prop(ref.resource, 'SourceDBInstanceIdentifier'));
    if (source) {
      node.label = `${node.label} read replica`;
      b.edge(source, node.id, 'replication', 'async');
    }
    if (multiAz) {
      node.label = `${node.label} primary`;
      const standby: Draft = {
        id: `${node.id}_standby`,
        label: node.label.replace(/ primary$/, ' standby'),
        detail: 'Multi-AZ, sync',
        kind: 'rds-standby',
        category: 'database',
        resources: [],
        place: standbyPlace,
        count: 1,
      };
      b.drafts.set(standby.id, standby);
      b.edge(node.id, standby.id, 'replication', 'sync');
    }
  }

  for (const ref of b.index.ofType('AWS::ElastiCache::ReplicationGroup')) {
    const engine = str(prop(ref.resource, 'Engine')) ?? 'redis';
    const groups = numberOf(prop(ref.resource, 'NumNodeGroups'));
    const perGroup = numberOf(prop(ref.resource, 'ReplicasPerNodeGroup'));
    const nodes =
      numberOf(prop(ref.resource, 'NumCacheClusters')) ??
      (groups !== undefined || perGroup !== undefined ? (groups ?? 1) * (1 + (perGroup ?? 0)) : 1);
    const shards = groups && groups > 1 ? groups : 1;
    const replicas = nodes - shards;
    const kindLabel = engine === 'valkey' ? 'Valkey' : engine === 'memcached' ? 'Memcached' : 'Redis';
    const place = subnetGroupPlace(b, ref, 'CacheSubnetGroupName', 'AWS::ElastiCache::SubnetGroup');
    const [primaryPlace, replicaPlace] = replicas > 0 ? splitAzs(place) : [place, place];
    const type = str(prop(ref.resource, 'CacheNodeType'));
    const node = b.add(
      ref,
      'cache',
      'database',
      kindLabel,
      primaryPlace,
      [type, shards > 1 ? `${shards} shards` : undefined].filter((s) => s).join(' · '),
    );
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'SecurityGroupIds'));
    if (replicas > 0) {
      node.label = `${node.label} primary`;
      const replica: Draft = {
        id: `${node.id}_replica`,
        label: node.label.replace(/ primary$/, ' replica'),
        detail: [type, replicas > 1 ? `×${replicas}` : undefined].filter((s) => s).join(' '),
        kind: 'cache-replica',
        category: 'database',
        resources: [],
        place: replicaPlace,
        count: 1,
      };
      b.drafts.set(replica.id, replica);
      const failover = isTrue(prop(ref.resource, 'AutomaticFailoverEnabled'));
      b.edge(node.id, replica.id, 'replication', failover ? 'async, failover' : 'async');
    }
  }

  for (const ref of b.index.ofType('AWS::ElastiCache::CacheCluster')) {
    const group = b.nodeOf(ref.stack, prop(ref.resource, 'ReplicationGroupId'));
    if (group) {
      b.owner.set(keyOf(ref.stack, ref.id), group);
      continue;
    }
    const engine = str(prop(ref.resource, 'Engine')) ?? 'redis';
    const count = numberOf(prop(ref.resource, 'NumCacheNodes')) ?? 1;
    const place = subnetGroupPlace(b, ref, 'CacheSubnetGroupName', 'AWS::ElastiCache::SubnetGroup');
    const detail = [str(prop(ref.resource, 'CacheNodeType')), count > 1 ? `×${count}` : undefined]
      .filter((s) => s)
      .join(' ');
    const node = b.add(
      ref,
      'cache',
      'database',
      engine === 'memcached' ? 'Memcached' : 'Redis',
      place,
      detail,
    );
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'VpcSecurityGroupIds'));
  }
}

function addEdgeAndServerless(b: Builder): void {
  for (const ref of b.index.ofType('AWS::S3::Bucket'))
    b.add(ref, 's3', 'storage', 'S3 bucket', { area: 'regional' });

  for (const ref of b.index.ofType('AWS::CloudFront::Distribution')) {
    const aliases = list(prop(ref.resource, 'DistributionConfig.Aliases')).filter(
      (a) => typeof a === 'string',
    );
    b.add(ref, 'cloudfront', 'networking', 'CloudFront', { area: 'edge' }, aliases.slice(0, 2).join(', '));
    b.edge(b.internet(), idOf(keyOf(ref.stack, ref.id)), 'traffic', 'HTTPS');
  }

  for (const ref of b.index.ofType('AWS::Route53::HostedZone')) {
    const node = b.add(
      ref,
      'route53',
      'networking',
      'Route 53',
      { area: 'edge' },
      zoneName(prop(ref.resource, 'Name')),
    );
    node.label = 'Route 53';
  }

  for (const ref of b.index.ofType('AWS::CertificateManager::Certificate')) {
    const sans = list(prop(ref.resource, 'SubjectAlternativeNames')).length;
    const domain = str(prop(ref.resource, 'DomainName'));
    const detail = domain && sans > 0 ? `${domain} +${sans}` : domain;
    b.add(ref, 'certificate', 'security', 'ACM certificate', { area: 'edge' }, detail);
  }

  for (const ref of b.index.ofType('AWS::Lambda::Function')) {
    const path = String(ref.resource.Metadata?.['aws:cdk:path'] ?? ref.id);
    if (CDK_INTERNAL.test(path) || CDK_INTERNAL.test(ref.id)) continue;
    const subnets = prop(ref.resource, 'VpcConfig.SubnetIds');
    const place: Place = subnets ? b.vpcPlace(ref.stack, subnets) : { area: 'regional' };
    const node = b.add(ref, 'lambda', 'compute', 'Lambda', place, str(prop(ref.resource, 'Runtime')));
    b.ownSgs(node.id, ref.stack, prop(ref.resource, 'VpcConfig.SecurityGroupIds'));
  }

  for (const ref of b.index.ofType('AWS::ApiGatewayV2::Api'))
    b.add(
      ref,
      'api-gateway',
      'integration',
      'API Gateway',
      { area: 'regional' },
      `${str(prop(ref.resource, 'ProtocolType')) ?? 'HTTP'} API`,
    );
  for (const ref of b.index.ofType('AWS::ApiGateway::RestApi'))
    b.add(ref, 'api-gateway', 'integration', 'API Gateway', { area: 'regional' }, 'REST API');

  for (const ref of [
    ...b.index.ofType('AWS::DynamoDB::Table'),
    ...b.index.ofType('AWS::DynamoDB::GlobalTable'),
  ]) {
    const billing = str(prop(ref.resource, 'BillingMode'));
    b.add(
      ref,
      'dynamodb',
      'database',
      'DynamoDB',
      { area: 'regional' },
      billing === 'PAY_PER_REQUEST' ? 'on-demand' : billing?.toLowerCase(),
    );
  }
  for (const ref of b.index.ofType('AWS::SQS::Queue'))
    b.add(
      ref,
      'sqs',
      'integration',
      'SQS',
      { area: 'regional' },
      isTrue(prop(ref.resource, 'FifoQueue')) ? 'FIFO' : undefined,
    );
}

function zoneName(value: unknown): string | undefined {
  return str(value)?.replace(/\.$/, '');
}

/** The target groups a listener action forwards to, with the weight when traffic is split (blue/green). */
function forwards(b: Builder, stack: string, actions: unknown): { tg: string; weight?: string }[] {
  return list(actions).flatMap((action) => {
    const a = action as Record<string, unknown>;
    const weighted = list((a.ForwardConfig as Record<string, unknown> | undefined)?.TargetGroups) as Record<
      string,
      unknown
    >[];
    const targets =
      weighted.length > 1 ? weighted : [{ TargetGroupArn: a.TargetGroupArn ?? weighted[0]?.TargetGroupArn }];
    return targets.flatMap((t) => {
      const tg = b.nodeOf(stack, t.TargetGroupArn);
      const weight = weighted.length > 1 ? str(t.Weight) : undefined;
      return tg ? [{ tg, ...(weight !== undefined ? { weight: `weight ${weight}` } : {}) }] : [];
    });
  });
}

function conditionLabel(conditions: unknown): string {
  return list(conditions)
    .flatMap((c) => {
      const cond = c as Record<string, unknown>;
      const config = (cond.HostHeaderConfig ?? cond.PathPatternConfig) as Record<string, unknown> | undefined;
      return list(config?.Values ?? cond.Values).filter((v) => typeof v === 'string');
    })
    .join(' ');
}

function connectLoadBalancers(b: Builder): void {
  const listenerLb = new Map<string, string>();
  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = b.nodeOf(ref.stack, prop(ref.resource, 'LoadBalancerArn'));
    if (!lb) continue;
    listenerLb.set(keyOf(ref.stack, ref.id), lb);
    b.owner.set(keyOf(ref.stack, ref.id), lb);
    const port = str(prop(ref.resource, 'Port'));
    for (const { tg, weight } of forwards(b, ref.stack, prop(ref.resource, 'DefaultActions')))
      b.edge(lb, tg, 'traffic', weight ?? (port ? `:${port}` : undefined));
    for (const cert of list(prop(ref.resource, 'Certificates')))
      b.edge(b.nodeOf(ref.stack, (cert as Record<string, unknown>).CertificateArn), lb, 'tls');
  }
  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = b.index.ref(ref.stack, prop(ref.resource, 'ListenerArn'));
    const lb = listener ? listenerLb.get(listener) : undefined;
    const condition = conditionLabel(prop(ref.resource, 'Conditions'));
    for (const { tg, weight } of forwards(b, ref.stack, prop(ref.resource, 'Actions')))
      b.edge(lb, tg, 'traffic', [condition, weight].filter((s) => s).join(' ') || undefined);
  }
  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::ListenerCertificate')) {
    const listener = b.index.ref(ref.stack, prop(ref.resource, 'ListenerArn'));
    for (const cert of list(prop(ref.resource, 'Certificates')))
      b.edge(
        b.nodeOf(ref.stack, (cert as Record<string, unknown>).CertificateArn),
        listener && listenerLb.get(listener),
        'tls',
      );
  }
  for (const ref of b.index.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const tg = b.owner.get(keyOf(ref.stack, ref.id));
    for (const target of list(prop(ref.resource, 'Targets')))
      b.edge(tg, b.nodeOf(ref.stack, (target as Record<string, unknown>).Id), 'traffic');
  }
  for (const ref of b.index.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const asg = b.owner.get(keyOf(ref.stack, ref.id));
    for (const tg of list(prop(ref.resource, 'TargetGroupARNs')))
      b.edge(b.nodeOf(ref.stack, tg), asg, 'traffic');
  }
}

function connectEdge(b: Builder): void {
  for (const ref of b.index.ofType('AWS::CloudFront::Distribution')) {
    const cf = b.owner.get(keyOf(ref.stack, ref.id));
    const behaviours = list(prop(ref.resource, 'DistributionConfig.CacheBehaviors')) as Record<
      string,
      unknown
    >[];
    for (const origin of list(prop(ref.resource, 'DistributionConfig.Origins')) as Record<
      string,
      unknown
    >[]) {
      const oai = str((origin.S3OriginConfig as Record<string, unknown> | undefined)?.OriginAccessIdentity);
      const access = origin.OriginAccessControlId ? 'OAC' : oai ? 'OAI' : undefined;
      const patterns = behaviours
        .filter((c) => c.TargetOriginId === origin.Id)
        .map((c) => str(c.PathPattern));
      const label = [access, ...patterns].filter((s) => s).join(' · ');
      b.edge(cf, b.nodeOf(ref.stack, origin.DomainName), 'origin', label || undefined);
    }
    b.edge(
      b.nodeOf(ref.stack, prop(ref.resource, 'DistributionConfig.ViewerCertificate.AcmCertificateArn')),
      cf,
      'tls',
    );
  }

  for (const ref of b.index.ofType('AWS::Route53::RecordSet')) {
    const target = b.nodeOf(ref.stack, prop(ref.resource, 'AliasTarget.DNSName'));
    if (!target) continue;
    let zone = b.nodeOf(ref.stack, prop(ref.resource, 'HostedZoneId'));
    const zoneLiteral =
      zoneName(prop(ref.resource, 'HostedZoneName')) ?? str(prop(ref.resource, 'HostedZoneId'));
    if (!zone && zoneLiteral) {
      // A zone that lives outside these templates (looked up or imported): drawn so the record shows.
      zone = `n_zone_${zoneLiteral.replace(/[^A-Za-z0-9]/g, '_')}`;
      if (!b.drafts.has(zone))
        b.drafts.set(zone, {
          id: zone,
          label: 'Route 53',
          detail: zoneLiteral,
          kind: 'route53',
          category: 'networking',
          resources: [],
          place: { area: 'edge' },
          count: 1,
        });
    }
    b.edge(zone, target, 'alias', zoneName(prop(ref.resource, 'Name')));
  }
}

function connectServerless(b: Builder): void {
  for (const ref of b.index.ofType('AWS::ApiGatewayV2::Integration'))
    b.edge(
      b.nodeOf(ref.stack, prop(ref.resource, 'ApiId')),
      b.nodeOf(ref.stack, prop(ref.resource, 'IntegrationUri')),
      'traffic',
    );
  for (const ref of b.index.ofType('AWS::ApiGateway::Method'))
    b.edge(
      b.nodeOf(ref.stack, prop(ref.resource, 'RestApiId')),
      b.nodeOf(ref.stack, prop(ref.resource, 'Integration.Uri')),
      'traffic',
    );

  for (const ref of b.index.ofType('AWS::Lambda::Function')) {
    const fn = b.owner.get(keyOf(ref.stack, ref.id));
    if (!fn) continue;
    for (const key of b.index.refs(ref.stack, prop(ref.resource, 'Environment.Variables')))
      b.edge(fn, b.owner.get(key), 'traffic');
  }
  for (const ref of b.index.ofType('AWS::Lambda::EventSourceMapping'))
    b.edge(
      b.nodeOf(ref.stack, prop(ref.resource, 'EventSourceArn')),
      b.nodeOf(ref.stack, prop(ref.resource, 'FunctionName')),
      'event',
    );
  for (const ref of b.index.ofType('AWS::SQS::Queue'))
    b.edge(
      b.owner.get(keyOf(ref.stack, ref.id)),
      b.nodeOf(ref.stack, prop(ref.resource, 'RedrivePolicy.deadLetterTargetArn')),
      'event',
      'DLQ',
    );

  // APIs are public endpoints: users reach them directly unless a distribution fronts them.
  const fronted = new Set(b.edges.filter((e) => e.kind === 'origin').map((e) => e.to));
  for (const api of [...b.drafts.values()].filter((d) => d.kind === 'api-gateway' && !fronted.has(d.id)))
    b.edge(b.internet(), api.id, 'traffic', 'HTTPS');
}

function connectSecurityGroups(b: Builder): void {
  const rules: { stack: string; group: unknown; rule: Record<string, unknown> }[] = [];
  for (const ref of b.index.ofType('AWS::EC2::SecurityGroupIngress'))
    rules.push({
      stack: ref.stack,
      group: prop(ref.resource, 'GroupId'),
      rule: ref.resource.Properties ?? {},
    });
  for (const ref of b.index.ofType(SG))
    for (const rule of list(prop(ref.resource, 'SecurityGroupIngress')))
      rules.push({ stack: ref.stack, group: { Ref: ref.id }, rule: rule as Record<string, unknown> });

  for (const { stack, group, rule } of rules) {
    const targets = b.sgOwners.get(b.index.ref(stack, group, SG) ?? '') ?? new Set<string>();
    if (targets.size === 0) continue;
    const port = portLabel(rule);
    const source = b.index.ref(stack, rule.SourceSecurityGroupId, SG);
    if (source) {
      for (const from of b.sgOwners.get(source) ?? [])
        for (const to of targets) b.edge(from, to, 'admits', port);
      continue;
    }
    const cidr = str(rule.CidrIp) ?? str(rule.CidrIpv6);
    if (!cidr || isPrivateCidr(cidr)) continue;
    const anywhere = cidr === '0.0.0.0/0' || cidr === '::/0';
    for (const to of targets) b.edge(b.internet(), to, 'admits', anywhere ? port : `${cidr} ${port}`);
  }
}

/** Nodes repeated with one role in one tier (NAT gateway per AZ, `Web1`/`Web2`) become one node with a count. */
function mergeRepeated(b: Builder): Map<string, string> {
  const renamed = new Map<string, string>();
  const byKey = new Map<string, Draft>();
  for (const draft of b.drafts.values()) {
    const p = draft.place;
    const key = [draft.kind, draft.label, p.area, p.area === 'vpc' ? `${p.vpc}|${p.tier}` : ''].join('|');
    const first = byKey.get(key);
    if (!first || draft.kind === 'internet') {
      byKey.set(key, draft);
      continue;
    }
    first.resources.push(...draft.resources);
    first.count += draft.count;
    if (first.detail !== draft.detail)
      first.detail = [first.detail, draft.detail].filter((s) => s).join(', ');
    if (first.place.area === 'vpc' && p.area === 'vpc')
      first.place = { ...first.place, azs: [...new Set([...first.place.azs, ...p.azs])].sort() };
    b.drafts.delete(draft.id);
    renamed.set(draft.id, first.id);
  }
  return renamed;
}

function finish(b: Builder): Graph {
  const renamed = mergeRepeated(b);
  let edges = b.edges.map((e) => ({
    ...e,
    from: renamed.get(e.from) ?? e.from,
    to: renamed.get(e.to) ?? e.to,
  }));

  // A target group sits with its targets, so the only line that crosses into their tier is the ALB's.
  for (const tg of [...b.drafts.values()].filter((d) => d.kind === 'target-group')) {
    const target = edges.find((e) => e.from === tg.id && e.kind === 'traffic');
    const lb = edges.find((e) => e.to === tg.id && e.kind === 'traffic');
    const anchor = b.drafts.get(target?.to ?? lb?.from ?? '');
    if (anchor?.place.area === 'vpc') tg.place = { ...anchor.place, azs: [] };
  }

  // ALB → TG → ASG already draws what the ALB's security group rule admits: the port moves onto that line.
  const admitsViaTg = new Map<string, string>();
  edges = edges.filter((e) => {
    if (e.kind !== 'admits') return true;
    const tg = edges.find(
      (t) =>
        t.kind === 'traffic' &&
        t.from === e.from &&
        b.drafts.get(t.to)?.kind === 'target-group' &&
        edges.some((u) => u.from === t.to && u.to === e.to && u.kind === 'traffic'),
    );
    if (!tg) return true;
    admitsViaTg.set(`${tg.to}|${e.to}`, e.label ?? '');
    return false;
  });
  edges = edges.map((e) => {
    const port = admitsViaTg.get(`${e.from}|${e.to}`);
    return port !== undefined && e.kind === 'traffic' ? { ...e, label: `admits ${port}` } : e;
  });

  const groups = new Map<string, GraphGroup>();
  const group = (id: string, label: string, kind: GroupKind, parent?: string): string => {
    if (!groups.has(id)) groups.set(id, { id, label, kind, ...(parent ? { parent } : {}) });
    return id;
  };
  const nodes: GraphNode[] = [];
  for (const d of b.drafts.values()) {
    const p = d.place;
    let groupId: string | undefined;
    let azs = 0;
    if (p.area === 'edge') groupId = group('g_edge', 'Edge · DNS · certificates', 'edge');
    else if (p.area === 'regional') groupId = group('g_regional', 'Regional services', 'regional');
    else if (p.area === 'vpc') {
      const vpcId = group(p.vpc ? `g_${idOf(p.vpc)}` : 'g_vpc', vpcLabel(b, p.vpc), 'vpc');
      groupId = vpcId;
      if (p.tier) {
        groupId = group(`${vpcId}_${p.tier}`, tierLabel(b, p.vpc, p.tier), 'tier', vpcId);
        if (p.azs.length === 1) groupId = group(`${groupId}_${p.azs[0]}`, azLabel(p.azs[0]!), 'az', groupId);
      }
      azs = p.azs.length;
    }
    const spread = [
      d.count > 1 ? (azs > 1 && d.count === azs ? '1 per AZ' : `×${d.count}`) : undefined,
      azs > 1 ? `${azs} AZs` : undefined,
    ];
    const detail = [d.detail, ...spread].filter((s) => s).join(' · ');
    nodes.push({
      id: d.id,
      label: d.label,
      kind: d.kind,
      category: d.category,
      resources: d.resources,
      ...(detail ? { detail } : {}),
      ...(groupId ? { group: groupId } : {}),
    });
  }

  const merged = new Map<string, GraphEdge>();
  for (const e of edges) {
    if (e.from === e.to || !b.drafts.has(e.from) || !b.drafts.has(e.to)) continue;
    const key = `${e.from}|${e.to}|${e.kind}`;
    const seen = merged.get(key);
    const labels = [
      ...new Set([...(seen?.label?.split(', ') ?? []), e.label].filter((s): s is string => !!s)),
    ];
    merged.set(key, {
      from: e.from,
      to: e.to,
      kind: e.kind,
      ...(labels.length ? { label: labels.join(', ') } : {}),
    });
  }
  return { nodes, edges: [...merged.values()], groups: sortGroups([...groups.values()]) };
}

/** Tiers in the order traffic enters them, so every renderer lays public above private above isolated. */
function sortGroups(groups: GraphGroup[]): GraphGroup[] {
  const rank = (g: GraphGroup): number =>
    g.kind === 'tier' ? TIERS.findIndex((t) => g.id.endsWith(`_${t}`)) : g.kind === 'az' ? 10 : 0;
  return groups.sort(
    (a, c) => depth(groups, a) - depth(groups, c) || rank(a) - rank(c) || a.id.localeCompare(c.id),
  );
}

function depth(groups: readonly GraphGroup[], g: GraphGroup): number {
  const parent = groups.find((p) => p.id === g.parent);
  return parent ? 1 + depth(groups, parent) : 0;
}

function vpcLabel(b: Builder, vpc: string | undefined): string {
  if (!vpc) return 'VPC (subnets not in the template)';
  const cidr = str(prop(b.index.byKey.get(vpc)?.resource ?? { Type: '' }, 'CidrBlock'));
  return cidr ? `VPC ${cidr}` : 'VPC';
}

function tierLabel(b: Builder, vpc: string | undefined, tier: string): string {
  const azs = new Set(
    [...b.subnets.values()].filter((s) => s.vpc === vpc && s.tier === tier).map((s) => s.az),
  );
  return azs.size > 1 ? `${tier} subnets · ${azs.size} AZs` : `${tier} subnet`;
}

function azLabel(az: string): string {
  return az.length === 1 ? `AZ ${az}` : az;
}
