import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DatabaseConfig, Stage } from '../../config/index.ts';

/**
 * Engine versions, pinned so a CDK upgrade never changes a running database. Both are the newest minor
 * of a major that RDS supports on every current class, db.t4g.micro (the free-tier default) included.
 * PostgreSQL 17 rather than 18: 18 is the newest major, but 17 is the one the whole RDS feature set
 * (Performance Insights, blue/green deployments, every Graviton class) is documented for.
 */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.VER_17_9;
export const MYSQL_VERSION = rds.MysqlEngineVersion.VER_8_4_10;

/** Days the exported engine logs are kept in CloudWatch Logs. */
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** The id of CDK's stack-wide singleton that sets log retention (aws-logs LogRetention). */
const LOG_RETENTION_FUNCTION = 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a';

export interface DatabaseProps {
  /** The VPC; the instance goes into its isolated subnets (at least two AZs). */
  readonly vpc: ec2.IVpc;
  /**
   * The resolved `database` config: engine, instance class, Multi-AZ (doubles the instance price),
   * storage and backups. Instance hours and storage cost money.
   */
  readonly config: DatabaseConfig;
  /** `prod` turns on deletion protection and a final snapshot on delete. */
  readonly stage: Stage;
}

/**
 * RDS PostgreSQL (default) or MySQL in isolated subnets, never publicly accessible.
 *
 * - Storage: encrypted gp3 with storage autoscaling up to `maxAllocatedStorageGiB`.
 * - Credentials: generated into Secrets Manager (`secret`: JSON with host, port, username, password, dbname).
 *   IAM database authentication is also on (free), so roles can connect without the password.
 * - TLS: enforced by a parameter group (`rds.force_ssl=1` / `require_secure_transport=ON`).
 * - Deletion: `prod` has deletion protection and keeps a final snapshot (RemovalPolicy.SNAPSHOT);
 *   `dev` and `staging` are disposable — `destroy` deletes the instance without a snapshot, so nothing
 *   keeps billing after a teardown (automated backups go with it).
 * - Network: its own security group with no ingress and no egress; admit a tier with `allowFrom`.
 * - Secret rotation is off: it needs a Lambda in the VPC with a path to Secrets Manager (a NAT or a
 *   paid interface endpoint), which the cheap presets do not have.
 */
export class Database extends Construct implements ec2.IConnectable {
  readonly instance: rds.DatabaseInstance;
  /** The generated master credentials. */
  readonly secret: secretsmanager.ISecret;
  readonly connections: ec2.Connections;
  /** The engine's port (5432 for PostgreSQL, 3306 for MySQL). */
  readonly port: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { vpc, config, stage } = props;
    if (vpc.isolatedSubnets.length < 2) {
      throw new Error(
        `Database needs isolated subnets in at least two AZs (the VPC has ${vpc.isolatedSubnets.length}): add a PRIVATE_ISOLATED subnet group to the VPC`,
      );
    }
    const prod = stage === 'prod';
    const postgres = config.engine === 'postgres';
    this.port = postgres ? 5432 : 3306;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Database: admits only the tiers given to allowFrom, on the database port',
      // A database never opens connections itself.
      allowAllOutbound: false,
    });

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine: postgres
        ? rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION })
        : rds.DatabaseInstanceEngine.mysql({ version: MYSQL_VERSION }),
      instanceType: new ec2.InstanceType(config.instanceType.replace(/^db\./, '')),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      publiclyAccessible: false,
      port: this.port,
      multiAz: config.multiAz,
      databaseName: config.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret('dbadmin'),
      iamAuthentication: true,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: config.allocatedStorageGiB,
      maxAllocatedStorage: config.maxAllocatedStorageGiB,
      backupRetention: Duration.days(config.backupRetentionDays),
      parameters: postgres ? { 'rds.force_ssl': '1' } : { require_secure_transport: 'ON' },
      cloudwatchLogsExports: postgres ? ['postgresql', 'upgrade'] : ['error', 'slowquery'],
      cloudwatchLogsRetention: LOG_RETENTION,
      enablePerformanceInsights: performanceInsightsSupported(config),
      autoMinorVersionUpgrade: true,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    });
    // Non-null: fromGeneratedSecret always creates a secret.
    this.secret = this.instance.secret!;
    this.connections = this.instance.connections;
    this.acknowledgeNagRules(config, prod);
  }

  /** Admits `peer` on the database port only. */
  allowFrom(peer: ec2.IConnectable): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(this.port), 'Database port');
  }

  private acknowledgeNagRules(config: DatabaseConfig, prod: boolean): void {
    const instance = Validations.of(this.instance);
    instance.acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'The default port is kept so clients need no extra setting; a changed port hides nothing from a scan. Compensating control: isolated subnets and a security group that admits only the application tier.',
    });
    if (!config.multiAz) {
      instance.acknowledge({
        id: 'AwsSolutions-RDS3',
        reason:
          'Single-AZ is the cost choice of this config (database.multiAz: false). Compensating control: automated backups with point-in-time restore; `wellstack plan` reports the database as a single point of failure.',
      });
    }
    if (!prod) {
      instance.acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Non-production stages are disposable by design. Compensating control: stage "prod" turns on deletion protection and a final snapshot.',
      });
    }
    Validations.of(this.instance.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotation needs a Lambda in the VPC with a route to Secrets Manager (NAT or a paid interface endpoint). Compensating control: the database accepts only the application security group over TLS, and IAM authentication is available.',
    });
    // The retention of the exported logs is set by CDK's stack-wide LogRetention function.
    const logRetention = Validations.of(Stack.of(this).node.findChild(LOG_RETENTION_FUNCTION));
    logRetention.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's log-retention function uses the AWS-managed basic execution role, which only lets it write its own logs. It runs only during deployments.",
    });
    logRetention.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The log-retention function may set retention on any log group (logs:PutRetentionPolicy / DeleteRetentionPolicy), because the RDS log groups are named after a generated instance id. No data access: it cannot read or write log events.',
    });
  }
}

/**
 * Performance Insights' free tier (7 days) exists for every PostgreSQL class, but RDS for MySQL rejects it
 * on micro and small burstable classes, where turning it on would fail the deployment.
 */
function performanceInsightsSupported(config: DatabaseConfig): boolean {
  if (config.engine === 'postgres') return true;
  return !/^db\.t[0-9]g?\.(micro|small)$/.test(config.instanceType);
}
