import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { DatabaseSchema, type DatabaseConfig, type Stage } from '../../../src/config/index.ts';
import { Database, MYSQL_VERSION, POSTGRES_VERSION } from '../../../src/constructs/data/database.ts';
import { nagErrors, testStack, testVpc } from './support.ts';

function build(config: Partial<DatabaseConfig> = {}, stage: Stage = 'dev') {
  const stack = testStack();
  const vpc = testVpc(stack);
  const app = new ec2.SecurityGroup(stack, 'AppSg', { vpc, description: 'app tier' });
  const database = new Database(stack, 'Database', { vpc, stage, config: DatabaseSchema.parse(config) });
  database.allowFrom(app);
  return { stack, vpc, app, database, template: Template.fromStack(stack) };
}

describe('Database', () => {
  const dev = build();

  it('is private, encrypted gp3 with storage autoscaling and IAM auth', () => {
    dev.template.hasResourceProperties('AWS::RDS::DBInstance', {
      PubliclyAccessible: false,
      StorageEncrypted: true,
      StorageType: 'gp3',
      AllocatedStorage: '20',
      MaxAllocatedStorage: 100,
      MultiAZ: false,
      BackupRetentionPeriod: 7,
      DBInstanceClass: 'db.t4g.micro',
      DBName: 'app',
      EnableIAMDatabaseAuthentication: true,
      EnablePerformanceInsights: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
  });

  it('runs a pinned PostgreSQL 17 by default, with TLS forced by its parameter group', () => {
    expect(POSTGRES_VERSION.postgresMajorVersion).toBe('17');
    dev.template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: POSTGRES_VERSION.postgresFullVersion,
    });
    dev.template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  it('keeps credentials in a generated Secrets Manager secret', () => {
    dev.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
    expect(dev.database.secret.secretArn).toBeDefined();
  });

  it('uses only the isolated subnets', () => {
    const isolated = dev.vpc.isolatedSubnets.map((s) => dev.stack.resolve(s.subnetId));
    dev.template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolated });
  });

  it('admits only the allowed security group, only on the database port', () => {
    const ingress = dev.template.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.values(ingress)).toHaveLength(1);
    const rule = Object.values(ingress)[0]!.Properties;
    expect(rule).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: dev.stack.resolve(dev.app.securityGroupId),
      GroupId: dev.stack.resolve(dev.database.connections.securityGroups[0]!.securityGroupId),
    });
    // No inline ingress on the database security group either.
    dev.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Database'),
      SecurityGroupIngress: Match.absent(),
    });
  });

  it('is disposable outside prod: no deletion protection, deleted without a snapshot', () => {
    dev.template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: false }),
    });
  });

  it('in prod: deletion protection and a final snapshot', () => {
    const { template } = build({}, 'prod');
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({ DeletionProtection: true }),
    });
  });

  it('MySQL 8.4 with Multi-AZ and require_secure_transport', () => {
    const { template, database } = build({
      engine: 'mysql',
      multiAz: true,
      instanceType: 'db.t4g.micro',
      maxAllocatedStorageGiB: 200,
    });
    expect(MYSQL_VERSION.mysqlMajorVersion).toBe('8.4');
    expect(database.port).toBe(3306);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'mysql',
      EngineVersion: MYSQL_VERSION.mysqlFullVersion,
      MultiAZ: true,
      MaxAllocatedStorage: 200,
      // RDS for MySQL has no Performance Insights on micro classes.
      EnablePerformanceInsights: false,
      EnableCloudwatchLogsExports: ['error', 'slowquery'],
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.4',
      Parameters: { require_secure_transport: 'ON' },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 3306, ToPort: 3306 });
  });

  it('fails clearly without isolated subnets', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(
      () => new Database(stack, 'Database', { vpc, stage: 'dev', config: DatabaseSchema.parse({}) }),
    ).toThrow(/isolated subnets in at least two AZs \(the VPC has 0\)/);
  });

  it('leaves no unacknowledged cdk-nag error', () => {
    const errors = nagErrors((app) => {
      for (const [stage, multiAz] of [
        ['dev', false],
        ['prod', true],
      ] as const) {
        const stack = testStack(app, undefined, stage === 'dev' ? 'Dev' : 'Prod');
        const vpc = testVpc(stack);
        new Database(stack, 'Database', { vpc, stage, config: DatabaseSchema.parse({ multiAz }) });
      }
    });
    expect(errors).toEqual([]);
  });
});
