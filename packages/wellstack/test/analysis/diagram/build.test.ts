import { describe, expect, it } from 'vitest';
import { buildGraph, type Graph, type GraphNode } from '../../../src/analysis/diagram/index.ts';
import type { StackTemplate } from '../../../src/analysis/template/index.ts';
import { foreignStacks } from '../../fixtures/diagram/foreign.ts';
import { haStacks } from '../../fixtures/diagram/ha.ts';

function node(graph: Graph, label: string): GraphNode {
  const found = graph.nodes.filter((n) => n.label === label);
  expect(found, `one node labelled ${label}`).toHaveLength(1);
  return found[0]!;
}

function edge(graph: Graph, from: string, to: string) {
  return graph.edges.find((e) => e.from === node(graph, from).id && e.to === node(graph, to).id);
}

/** The labels of a node's group and its ancestors, innermost first. */
function groupPath(graph: Graph, n: GraphNode): string[] {
  const path: string[] = [];
  for (let id = n.group; id; id = graph.groups.find((g) => g.id === id)?.parent)
    path.push(graph.groups.find((g) => g.id === id)!.label);
  return path;
}

describe('buildGraph on a CDK template shaped like the ha preset', () => {
  const graph = buildGraph(haStacks());

  it('draws one node per ASG, with its size and AZ spread, folding in its launch template', () => {
    expect(graph.nodes.filter((n) => n.kind === 'asg').map((n) => n.label)).toEqual(['Web ASG', 'App ASG']);
    const web = node(graph, 'Web ASG');
    expect(web.detail).toBe('t4g.small ×1–6 · 2 AZs');
    expect(web.resources).toEqual(['Ha/ServicesWebAsg']);
  });

  it('connects listener → target group → ASG for both load balancers', () => {
    expect(edge(graph, 'ALB', 'Web target group')).toMatchObject({ kind: 'traffic', label: ':443' });
    expect(edge(graph, 'Web target group', 'Web ASG')).toMatchObject({
      kind: 'traffic',
      label: 'admits :8080',
    });
    expect(edge(graph, 'Internal ALB', 'App target group')).toMatchObject({ kind: 'traffic' });
    expect(edge(graph, 'App target group', 'App ASG')).toMatchObject({ kind: 'traffic' });
  });

  it('turns security-group rules into admits edges between the tiers that own the groups', () => {
    const admits = graph.edges
      .filter((e) => e.kind === 'admits')
      .map(
        (e) =>
          `${graph.nodes.find((n) => n.id === e.from)!.label} → ${graph.nodes.find((n) => n.id === e.to)!.label} ${e.label}`,
      );
    expect(admits.sort()).toEqual([
      'App ASG → RDS primary :5432',
      'App ASG → Redis primary :6379',
      'Internet → ALB :443, :80',
      'Web ASG → Internal ALB :80',
    ]);
    expect(graph.nodes.some((n) => n.label.includes('Security'))).toBe(false);
  });

  it('groups the VPC by subnet tier, and AZ-bound resources by AZ', () => {
    expect(groupPath(graph, node(graph, 'ALB'))).toEqual(['public subnets · 2 AZs', 'VPC 10.0.0.0/16']);
    expect(groupPath(graph, node(graph, 'Internal ALB'))).toEqual([
      'private subnets · 2 AZs',
      'VPC 10.0.0.0/16',
    ]);
    expect(groupPath(graph, node(graph, 'Web target group'))[0]).toBe('private subnets · 2 AZs');
    expect(groupPath(graph, node(graph, 'RDS primary'))).toEqual([
      'AZ a',
      'isolated subnets · 2 AZs',
      'VPC 10.0.0.0/16',
    ]);
    expect(groupPath(graph, node(graph, 'RDS standby'))[0]).toBe('AZ b');
    expect(groupPath(graph, node(graph, 'Redis replica'))[0]).toBe('AZ b');
    expect(edge(graph, 'RDS primary', 'RDS standby')).toMatchObject({ kind: 'replication', label: 'sync' });
  });

  it('draws CloudFront with its origins, the alias record and the certificate outside the VPC', () => {
    expect(edge(graph, 'CloudFront', 'Static S3 bucket')).toMatchObject({ kind: 'origin', label: 'OAC' });
    expect(edge(graph, 'CloudFront', 'ALB')).toMatchObject({ kind: 'origin', label: '/api/*' });
    expect(edge(graph, 'Route 53', 'CloudFront')).toMatchObject({ kind: 'alias', label: 'example.com' });
    expect(edge(graph, 'ACM certificate', 'ALB')?.kind).toBe('tls');
    expect(edge(graph, 'Internet', 'CloudFront')?.kind).toBe('traffic');
    for (const label of ['CloudFront', 'Route 53', 'ACM certificate'])
      expect(node(graph, label).group).toBe('g_edge');
    expect(node(graph, 'Static S3 bucket').group).toBe('g_regional');
  });

  it('draws a NAT gateway per AZ as one repeated node', () => {
    const nat = node(graph, 'NAT gateway');
    expect(nat.resources).toHaveLength(2);
    expect(nat.detail).toBe('1 per AZ · 2 AZs');
    expect(groupPath(graph, nat)[0]).toBe('public subnets · 2 AZs');
  });

  it('leaves out IAM, log groups, CDK helpers and metadata', () => {
    const drawn = graph.nodes.flatMap((n) => n.resources);
    for (const id of [
      'ServicesWebInstanceRole',
      'LogGroup',
      'CDKMetadata',
      'CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F',
    ])
      expect(drawn).not.toContain(`Ha/${id}`);
  });

  it('lists parent groups before their children, and every node group exists', () => {
    const seen = new Set<string>();
    for (const g of graph.groups) {
      if (g.parent) expect(seen.has(g.parent)).toBe(true);
      seen.add(g.id);
    }
    for (const n of graph.nodes) if (n.group) expect(seen.has(n.group)).toBe(true);
  });
});

describe('buildGraph on a template without CDK metadata', () => {
  const graph = buildGraph(foreignStacks());

  it('labels nodes by logical id and merges numbered repeats', () => {
    const web = node(graph, 'WebServer');
    expect(web.resources).toEqual(['legacy/WebServer1', 'legacy/WebServer2']);
    expect(web.detail).toBe('t3.small · 1 per AZ · 2 AZs');
  });

  it('reads tiers from route tables and AZs from literal zone names', () => {
    expect(groupPath(graph, node(graph, 'WebServer'))).toEqual([
      'public subnets · 2 AZs',
      'VPC 172.31.0.0/16',
    ]);
    expect(groupPath(graph, node(graph, 'Database'))).toEqual([
      'AZ a',
      'isolated subnet',
      'VPC 172.31.0.0/16',
    ]);
  });

  it('admits the internet on the web ports and the allow-listed CIDR on SSH', () => {
    expect(edge(graph, 'Internet', 'WebServer')?.label).toBe('203.0.113.0/24 :22, :80');
    expect(edge(graph, 'WebServer', 'Database')).toMatchObject({ kind: 'admits', label: ':3306' });
  });

  it('places a load balancer whose subnets are parameters in a VPC it cannot name', () => {
    expect(groupPath(graph, node(graph, 'PublicLoadBalancer'))).toEqual([
      'VPC (subnets not in the template)',
    ]);
  });
});

describe('buildGraph across stacks and for serverless resources', () => {
  const ref = (id: string) => ({ Ref: id });
  const network: StackTemplate = {
    name: 'Network',
    template: {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        Private: {
          Type: 'AWS::EC2::Subnet',
          Properties: {
            VpcId: ref('Vpc'),
            AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
            Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Private' }],
          },
        },
      },
      Outputs: { PrivateOut: { Value: ref('Private'), Export: { Name: 'Network:Private' } } },
    },
  };
  const app: StackTemplate = {
    name: 'App',
    template: {
      Resources: {
        Worker: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs22.x',
            VpcConfig: { SubnetIds: [{ 'Fn::ImportValue': 'Network:Private' }] },
            Environment: { Variables: { TABLE: ref('Table') } },
          },
        },
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
        Integration: {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: { ApiId: ref('Api'), IntegrationUri: { 'Fn::GetAtt': ['Worker', 'Arn'] } },
        },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
        Jobs: { Type: 'AWS::SQS::Queue' },
        JobsMapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, FunctionName: ref('Worker') },
        },
      },
    },
  };
  const graph = buildGraph([network, app]);

  it('follows Fn::ImportValue to subnets of another stack', () => {
    expect(groupPath(graph, node(graph, 'Worker'))).toEqual(['AZ b', 'private subnet', 'VPC 10.1.0.0/16']);
  });

  it('connects the internet to the API, the API to its function, the function to its table and queue events', () => {
    expect(edge(graph, 'Internet', 'Api')?.kind).toBe('traffic');
    expect(edge(graph, 'Api', 'Worker')?.kind).toBe('traffic');
    expect(edge(graph, 'Worker', 'Table')?.kind).toBe('traffic');
    expect(edge(graph, 'Jobs', 'Worker')?.kind).toBe('event');
    expect(node(graph, 'Table').detail).toBe('on-demand');
  });
});
