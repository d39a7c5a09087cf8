import type { Severity } from './types.ts';
import type { Rule } from './support/rule.ts';
import { AsgSingleAz } from './rules/spof/AsgSingleAz.ts';
import { AsgSingleInstance } from './rules/spof/AsgSingleInstance.ts';
import { CacheSingleNode } from './rules/spof/CacheSingleNode.ts';
import { RdsSingleAz } from './rules/spof/RdsSingleAz.ts';
import { SingleInstance } from './rules/spof/SingleInstance.ts';
import { SingleNat } from './rules/spof/SingleNat.ts';
import { CacheUnencrypted } from './rules/security/CacheUnencrypted.ts';
import { DbPublic } from './rules/security/DbPublic.ts';
import { EbsUnencrypted } from './rules/security/EbsUnencrypted.ts';
import { IamFullAdmin } from './rules/security/IamFullAdmin.ts';
import { IamServiceWildcard } from './rules/security/IamServiceWildcard.ts';
import { Imdsv1Allowed } from './rules/security/Imdsv1Allowed.ts';
import { PlaintextSecret } from './rules/security/PlaintextSecret.ts';
import { RdsUnencrypted } from './rules/security/RdsUnencrypted.ts';
import { S3PublicAccessNotBlocked } from './rules/security/S3PublicAccessNotBlocked.ts';
import { S3PublicBucket } from './rules/security/S3PublicBucket.ts';
import { S3Unencrypted } from './rules/security/S3Unencrypted.ts';
import { SshOpenToWorld } from './rules/security/SshOpenToWorld.ts';
import { WorldIngress } from './rules/security/WorldIngress.ts';
import { Gp2Storage } from './rules/cost/Gp2Storage.ts';
import { NatGatewayCost } from './rules/cost/NatGatewayCost.ts';
import { NonProdRedundancy } from './rules/cost/NonProdRedundancy.ts';
import { PublicIpv4 } from './rules/cost/PublicIpv4.ts';
import { X86InstanceType } from './rules/cost/X86InstanceType.ts';

/** A rule with what the user sees: id, severity, what is wrong (completed by each hit's detail) and the fix. */
export interface RuleDefinition {
  readonly id: string;
  readonly family: 'spof' | 'security' | 'cost';
  readonly severity: Severity;
  readonly rule: Rule;
  readonly summary: string;
  readonly fix: string;
}

/** Every wellstack rule. Severity: high = outage or breach waiting to happen; medium = real risk or waste; low = worth a look. */
export const RULES: readonly RuleDefinition[] = [
  {
    id: 'WS-SPOF-SINGLE-INSTANCE',
    family: 'spof',
    severity: 'high',
    rule: SingleInstance,
    summary:
      'A single EC2 instance outside an Auto Scaling group serves traffic; nothing replaces it when it fails',
    fix: 'Run the workload in an Auto Scaling group across two AZs behind a load balancer.',
  },
  {
    id: 'WS-SPOF-RDS-SINGLE-AZ',
    family: 'spof',
    severity: 'high',
    rule: RdsSingleAz,
    summary:
      'RDS instance has no Multi-AZ standby; its failure or its AZ failing takes the service down (seed 003)',
    fix: 'Set MultiAZ: true (synchronous standby, automatic failover), or use Aurora with a replica in another AZ.',
  },
  {
    id: 'WS-SPOF-ASG-SINGLE-AZ',
    family: 'spof',
    severity: 'medium',
    rule: AsgSingleAz,
    summary: 'Auto Scaling group cannot span two Availability Zones',
    fix: 'Give the group subnets (VPCZoneIdentifier) in at least two AZs.',
  },
  {
    id: 'WS-SPOF-ASG-MAX-ONE',
    family: 'spof',
    severity: 'medium',
    rule: AsgSingleInstance,
    summary: 'Auto Scaling group is capped at one instance, so every failure or replacement is downtime',
    fix: 'Set MaxSize to 2 or more (and MinSize to 2 where waiting for a replacement instance is not acceptable).',
  },
  {
    id: 'WS-SPOF-SINGLE-NAT',
    family: 'spof',
    severity: 'medium',
    rule: SingleNat,
    summary:
      'One NAT serves private subnets in several AZs; when its AZ fails every AZ loses outbound access',
    fix: 'Give each AZ its own NAT (gateway or instance) and point each AZ’s route table at it.',
  },
  {
    id: 'WS-SPOF-CACHE-SINGLE-NODE',
    family: 'spof',
    severity: 'medium',
    rule: CacheSingleNode,
    summary: 'Cache has no replica to fail over to; its data (sessions, tokens) is lost with the node',
    fix: 'Use a replication group with at least one replica and AutomaticFailoverEnabled: true.',
  },
  {
    id: 'WS-SEC-DB-PUBLIC',
    family: 'security',
    severity: 'high',
    rule: DbPublic,
    summary: 'Database is reachable from the internet (seed 002 v2)',
    fix: 'Set PubliclyAccessible: false, use isolated subnets and admit only the app tier’s security group.',
  },
  {
    id: 'WS-SEC-SSH-WORLD',
    family: 'security',
    severity: 'high',
    rule: SshOpenToWorld,
    summary: 'SSH is open to the internet',
    fix: 'Use SSM Session Manager (no open port); if SSH is needed, admit it only from an allow-listed CIDR.',
  },
  {
    id: 'WS-SEC-S3-PUBLIC',
    family: 'security',
    severity: 'high',
    rule: S3PublicBucket,
    summary: 'Bucket is public',
    fix: 'Remove the public ACL or policy; serve objects through CloudFront with Origin Access Control.',
  },
  {
    id: 'WS-SEC-IAM-ADMIN',
    family: 'security',
    severity: 'high',
    rule: IamFullAdmin,
    summary: 'IAM policy grants every action on every resource',
    fix: 'Grant only the actions the principal uses, on the resources it uses them on.',
  },
  {
    id: 'WS-SEC-PLAINTEXT-SECRET',
    family: 'security',
    severity: 'high',
    rule: PlaintextSecret,
    summary: 'A secret is written in plain text into the template',
    fix: 'Keep it in Secrets Manager or SSM Parameter Store (SecureString) and read it at run time; rotate the exposed value.',
  },
  {
    id: 'WS-SEC-WORLD-INGRESS',
    family: 'security',
    severity: 'medium',
    rule: WorldIngress,
    summary: 'Security group admits traffic other than HTTP(S) from anywhere (0.0.0.0/0 or ::/0)',
    fix: 'Admit the tier in front by its security group, or a known CIDR; only load balancers face the internet, on 80/443.',
  },
  {
    id: 'WS-SEC-IMDSV1',
    family: 'security',
    severity: 'medium',
    rule: Imdsv1Allowed,
    summary: 'Instances accept IMDSv1, which lets an SSRF bug read the instance role’s credentials',
    fix: 'Set MetadataOptions HttpTokens: required (CDK: requireImdsv2: true).',
  },
  {
    id: 'WS-SEC-EBS-UNENCRYPTED',
    family: 'security',
    severity: 'medium',
    rule: EbsUnencrypted,
    summary: 'EBS storage is not encrypted',
    fix: 'Set Encrypted: true on the volume or block device mapping (CDK: BlockDeviceVolume.ebs(size, { encrypted: true })).',
  },
  {
    id: 'WS-SEC-RDS-UNENCRYPTED',
    family: 'security',
    severity: 'medium',
    rule: RdsUnencrypted,
    summary: 'Database storage is not encrypted',
    fix: 'Set StorageEncrypted: true (it can only be chosen at creation: migrate through an encrypted snapshot).',
  },
  {
    id: 'WS-SEC-CACHE-UNENCRYPTED',
    family: 'security',
    severity: 'medium',
    rule: CacheUnencrypted,
    summary: 'Cache data is not encrypted',
    fix: 'Set AtRestEncryptionEnabled: true and TransitEncryptionEnabled: true (clients then connect with TLS).',
  },
  {
    id: 'WS-SEC-S3-BPA-OFF',
    family: 'security',
    severity: 'medium',
    rule: S3PublicAccessNotBlocked,
    summary: 'Bucket’s Block Public Access is partly off, so a later ACL or policy can make it public',
    fix: 'Turn all four PublicAccessBlockConfiguration settings on (CDK: BlockPublicAccess.BLOCK_ALL).',
  },
  {
    id: 'WS-SEC-IAM-SERVICE-WILDCARD',
    family: 'security',
    severity: 'medium',
    rule: IamServiceWildcard,
    summary: 'IAM policy grants every action of a service on every resource',
    fix: 'List the actions used, and scope Resource to the ARNs they act on.',
  },
  {
    id: 'WS-SEC-S3-UNENCRYPTED',
    family: 'security',
    severity: 'low',
    rule: S3Unencrypted,
    summary:
      'Bucket does not choose its encryption (S3 applies SSE-S3 to new objects by default since January 2023)',
    fix: 'Set BucketEncryption explicitly: SSE-S3, or SSE-KMS when key use must be audited or restricted.',
  },
  {
    id: 'WS-COST-NONPROD-REDUNDANCY',
    family: 'cost',
    severity: 'medium',
    rule: NonProdRedundancy,
    summary: 'A standby or replica runs in a non-production stage, doubling its cost',
    fix: 'Turn Multi-AZ and replicas off outside production (stage is read from the wellstack:stage, Stage or Environment tag).',
  },
  {
    id: 'WS-COST-NAT-GATEWAY',
    family: 'cost',
    severity: 'low',
    rule: NatGatewayCost,
    summary:
      'NAT gateway bills about USD 0.045–0.059/h plus the same per GB processed; a NAT instance costs about a tenth (seed 002)',
    fix: 'For modest egress use a NAT instance on a Graviton nano; keep gateways where per-AZ managed egress is worth it.',
  },
  {
    id: 'WS-COST-GP2',
    family: 'cost',
    severity: 'low',
    rule: Gp2Storage,
    summary: 'Storage is gp2, about 20% dearer per GB than gp3 with less baseline performance',
    fix: 'Use gp3 (VolumeType / StorageType: gp3).',
  },
  {
    id: 'WS-COST-X86',
    family: 'cost',
    severity: 'low',
    rule: X86InstanceType,
    summary: 'x86 type where a Graviton (arm64) equivalent costs about 20% less',
    fix: 'Use the Graviton type with an arm64 AMI or build (unless the x86 type is what your free tier covers).',
  },
  {
    id: 'WS-COST-PUBLIC-IPV4',
    family: 'cost',
    severity: 'low',
    rule: PublicIpv4,
    summary: 'Public IPv4 addresses bill USD 0.005/h each since February 2024',
    fix: 'Keep public addresses on load balancers only: private subnets, SSM instead of public bastions, private RDS.',
  },
];
