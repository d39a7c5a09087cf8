/** What a node is drawn as: decides its colour (AWS-ish palette per category) in every renderer. */
export type Category =
  | 'internet'
  | 'networking'
  | 'compute'
  | 'database'
  | 'storage'
  | 'edge'
  | 'security'
  | 'integration';

export type NodeKind =
  | 'internet'
  | 'load-balancer'
  | 'target-group'
  | 'asg'
  | 'instance'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'rds'
  | 'rds-standby'
  | 'aurora'
  | 'cache'
  | 'cache-replica'
  | 's3'
  | 'cloudfront'
  | 'route53'
  | 'certificate'
  | 'lambda'
  | 'api-gateway'
  | 'dynamodb'
  | 'sqs';

export interface GraphNode {
  /** Stable id, safe as a DOT and Mermaid identifier. */
  readonly id: string;
  /** Short name a person recognises, e.g. `Web ASG`. */
  readonly label: string;
  /** Second line: size, count and spread, e.g. `t4g.small ×1–6 · 2 AZs`. */
  readonly detail?: string;
  readonly kind: NodeKind;
  readonly category: Category;
  /** Id of the innermost group that holds the node; undefined at the top level. */
  readonly group?: string;
  /** The resources the node stands for, as `<stack>/<logicalId>`. */
  readonly resources: readonly string[];
}

/**
 * `traffic` requests flow; `admits` a security group lets the source in (label: ports);
 * `origin` CloudFront fetches from; `alias` a DNS record points at; `tls` a certificate serves;
 * `replication` data is copied to a standby or replica; `event` a queue or API invokes.
 */
export type EdgeKind = 'traffic' | 'admits' | 'origin' | 'alias' | 'tls' | 'replication' | 'event';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

/** `edge` and `regional` hold what lives outside any VPC; a VPC holds subnet tiers, a tier holds AZs. */
export type GroupKind = 'edge' | 'regional' | 'vpc' | 'tier' | 'az';

export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly kind: GroupKind;
  readonly parent?: string;
}

/** The architecture as people draw it: nodes for the resources that matter, nested groups, edges. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Parents come before their children. */
  readonly groups: readonly GraphGroup[];
}
