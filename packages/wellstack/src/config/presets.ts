import type { PresetName, WellstackConfigInput } from './schema.ts';

/**
 * The presets: each is a known-good system from the seeds (SPEC.md), written as a partial config that the
 * user's fields are deep-merged over. Only fields that differ from the schema defaults appear here.
 */
export const PRESETS: Record<Exclude<PresetName, 'serverless' | 'hybrid'>, WellstackConfigInput> = {
  /** Seed 002 v1–v3 / 000: one free-tier box in a public subnet, single-AZ micro RDS, S3 + CloudFront. */
  'free-tier': {
    network: { egress: 'none' },
    services: {
      app: {
        compute: 'instance',
        // t2.micro is the legacy free-tier type in Seoul and us-east-1 (PRICES.md).
        instanceType: 't2.micro',
        capacity: { min: 1, max: 1 },
      },
    },
    database: {
      instanceType: 'db.t4g.micro',
      multiAz: false,
      allocatedStorageGiB: 20,
      backupRetentionDays: 1,
    },
    web: {},
    monitoring: { alarms: false },
  },
  /** Seed 002 v4: ALB + ASG 1–6 in private subnets, NAT instance, RDS, CloudFront + S3, CodeDeploy, Prometheus + Grafana, alerts. */
  startup: {
    network: { egress: 'instance' },
    services: { app: { capacity: { min: 1, max: 6 } } },
    database: {},
    web: {},
    monitoring: { prometheus: true, alarms: true },
    delivery: { codeDeploy: 'in-place' },
  },
  /** Seed 001: web on the apex and api on api. behind one ALB, Redis, media bucket + CloudFront, Route 53 + ACM, ECR. */
  'multi-service': {
    network: { egress: 'instance' },
    domain: { name: 'example.com' },
    services: {
      web: { routing: { hosts: ['@', 'www'] }, capacity: { min: 1, max: 4 } },
      api: { routing: { hosts: ['api'] }, capacity: { min: 1, max: 6 } },
    },
    database: {},
    cache: {},
    media: {},
    web: { hosts: ['cdn'] },
    monitoring: { alarms: true },
    delivery: { codeDeploy: 'in-place', ecr: true },
  },
  /** Seed 003: web and app tiers in separate ASGs, Multi-AZ RDS, NAT gateway per AZ, CloudFront in front of ALB and S3, Redis with a replica. */
  ha: {
    stage: 'prod',
    network: { egress: 'gateway-per-az' },
    services: {
      web: { capacity: { min: 2, max: 6 } },
      app: { internal: true, capacity: { min: 2, max: 6 } },
    },
    database: { multiAz: true, instanceType: 'db.t4g.small', backupRetentionDays: 14 },
    cache: { replicas: 1 },
    web: {},
    monitoring: { alarms: true },
    delivery: { codeDeploy: 'in-place' },
  },
};

export type AvailablePreset = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as AvailablePreset[];
