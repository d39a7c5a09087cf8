import { describe, expect, it } from 'vitest';
import { ref, stackOf } from '../../../fixtures/findings/templates.ts';
import { hits, messageOf } from '../hits.ts';

const finding = (id: string, severity: string, resource: string) => ({
  id,
  severity,
  resource,
  path: `Stack/${resource}`,
});

describe('WS-SEC-DB-PUBLIC', () => {
  const db = (publiclyAccessible?: unknown) => ({
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      Engine: 'mysql',
      ...(publiclyAccessible === undefined ? {} : { PubliclyAccessible: publiclyAccessible }),
    },
  });

  it('passes private databases', () => {
    expect(hits(stackOf({ Unset: db(), Off: db(false) }), 'WS-SEC-DB-PUBLIC')).toEqual([]);
  });

  it('reports PubliclyAccessible true', () => {
    expect(hits(stackOf({ Db: db(true), Str: db('true') }), 'WS-SEC-DB-PUBLIC')).toEqual([
      finding('WS-SEC-DB-PUBLIC', 'high', 'Db'),
      finding('WS-SEC-DB-PUBLIC', 'high', 'Str'),
    ]);
  });
});

const group = (...rules: Record<string, unknown>[]) => ({
  Type: 'AWS::EC2::SecurityGroup',
  Properties: { GroupDescription: 'g', SecurityGroupIngress: rules },
});
const tcp = (from: number, to = from, source: Record<string, unknown> = { CidrIp: '0.0.0.0/0' }) => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  ...source,
});

describe('WS-SEC-WORLD-INGRESS', () => {
  it('passes HTTP(S) from the world, other ports from a CIDR or a security group, and ICMP', () => {
    const stacks = stackOf({
      Alb: group(tcp(80), tcp(443), tcp(443, 443, { CidrIpv6: '::/0' })),
      Db: group(
        tcp(5432, 5432, { CidrIp: '10.0.0.0/16' }),
        tcp(5432, 5432, { SourceSecurityGroupId: ref('Alb') }),
      ),
      Ping: group({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '0.0.0.0/0' }),
    });
    expect(hits(stacks, 'WS-SEC-WORLD-INGRESS')).toEqual([]);
  });

  it('reports other ports, ranges spanning 80-443 and all traffic, inline and standalone, once per resource', () => {
    const stacks = stackOf({
      Db: group(tcp(5432), { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIpv6: '::/0' }),
      Range: group(tcp(80, 443)),
      Target: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 't' } },
      Metrics: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: { 'Fn::GetAtt': ['Target', 'GroupId'] }, ...tcp(9100) },
      },
    });
    expect(hits(stacks, 'WS-SEC-WORLD-INGRESS')).toEqual([
      finding('WS-SEC-WORLD-INGRESS', 'medium', 'Db'),
      finding('WS-SEC-WORLD-INGRESS', 'medium', 'Metrics'),
      finding('WS-SEC-WORLD-INGRESS', 'medium', 'Range'),
    ]);
    expect(messageOf(stackOf({ Db: group(tcp(5432), tcp(6379)) }), 'WS-SEC-WORLD-INGRESS')).toContain(
      'it admits tcp 5432, tcp 6379 from anywhere',
    );
  });

  it('leaves rules that include SSH to WS-SEC-SSH-WORLD', () => {
    const stacks = stackOf({ All: group({ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }) });
    expect(hits(stacks, 'WS-SEC-WORLD-INGRESS')).toEqual([]);
    expect(hits(stacks, 'WS-SEC-SSH-WORLD')).toEqual([finding('WS-SEC-SSH-WORLD', 'high', 'All')]);
  });
});

describe('WS-SEC-SSH-WORLD', () => {
  it('passes SSH from an allow-listed CIDR', () => {
    expect(
      hits(stackOf({ Bastion: group(tcp(22, 22, { CidrIp: '203.0.113.7/32' })) }), 'WS-SEC-SSH-WORLD'),
    ).toEqual([]);
  });

  it('reports port 22 and ranges containing it, from IPv4 or IPv6 anywhere', () => {
    const stacks = stackOf({
      Ssh: group(tcp(22), tcp(22, 22, { CidrIpv6: '::/0' })),
      Wide: group(tcp(0, 1024)),
      Standalone: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: 'sg-123', ...tcp(22, 22, { CidrIpv6: '::/0' }) },
      },
    });
    expect(hits(stacks, 'WS-SEC-SSH-WORLD')).toEqual([
      finding('WS-SEC-SSH-WORLD', 'high', 'Ssh'),
      finding('WS-SEC-SSH-WORLD', 'high', 'Standalone'),
      finding('WS-SEC-SSH-WORLD', 'high', 'Wide'),
    ]);
  });
});

describe('WS-SEC-IMDSV1', () => {
  const lt = (options?: Record<string, unknown>, name?: string) => ({
    Type: 'AWS::EC2::LaunchTemplate',
    Properties: {
      ...(name ? { LaunchTemplateName: name } : {}),
      LaunchTemplateData: { InstanceType: 't4g.micro', ...(options ? { MetadataOptions: options } : {}) },
    },
  });

  it('passes templates requiring tokens or disabling IMDS, and instances launched from them (by id or by name)', () => {
    const stacks = stackOf({
      V2: lt({ HttpTokens: 'required' }),
      Named: lt({ HttpTokens: 'required' }, 'BoxLaunchTemplate'),
      Off: lt({ HttpEndpoint: 'disabled' }),
      ById: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateId: ref('V2'), Version: '1' } },
      },
      ByName: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateName: 'BoxLaunchTemplate', Version: '1' } },
      },
      Lc: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: { MetadataOptions: { HttpTokens: 'required' } },
      },
    });
    expect(hits(stacks, 'WS-SEC-IMDSV1')).toEqual([]);
  });

  it('reports templates and launch configurations allowing IMDSv1, and instances without a launch template', () => {
    const stacks = stackOf({
      Unset: lt(),
      Optional: lt({ HttpTokens: 'optional' }),
      Lc: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: { ImageId: 'ami-1', InstanceType: 't4g.micro' },
      },
      Box: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't4g.micro' } },
      Launched: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateId: ref('Optional') } },
      },
    });
    expect(hits(stacks, 'WS-SEC-IMDSV1')).toEqual([
      finding('WS-SEC-IMDSV1', 'medium', 'Box'),
      finding('WS-SEC-IMDSV1', 'medium', 'Lc'),
      finding('WS-SEC-IMDSV1', 'medium', 'Optional'),
      finding('WS-SEC-IMDSV1', 'medium', 'Unset'),
    ]);
  });
});

describe('WS-SEC-EBS-UNENCRYPTED', () => {
  const encrypted = [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3', Encrypted: true } }];
  const plain = [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3' } }];

  it('passes encrypted volumes and block devices, and instances covered by their launch template', () => {
    const stacks = stackOf({
      Volume: { Type: 'AWS::EC2::Volume', Properties: { Size: 10, Encrypted: true, VolumeType: 'gp3' } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { BlockDeviceMappings: encrypted } },
      },
      Covered: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateId: ref('Lt') } },
      },
      External: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateId: 'lt-0123' } },
      },
      Box: { Type: 'AWS::EC2::Instance', Properties: { BlockDeviceMappings: encrypted } },
      Ephemeral: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: {
          BlockDeviceMappings: [...encrypted, { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }],
        },
      },
    });
    expect(hits(stacks, 'WS-SEC-EBS-UNENCRYPTED')).toEqual([]);
  });

  it('reports unencrypted volumes, devices, and root volumes left to the AMI', () => {
    const stacks = stackOf({
      Volume: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { BlockDeviceMappings: plain } },
      },
      Bare: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { InstanceType: 't4g.micro' } },
      },
      Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { BlockDeviceMappings: plain } },
      Box: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't4g.micro' } },
      // An instance whose launch template maps nothing is reported once, on the instance.
      ImdsOnly: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } },
      },
      Guarded: {
        Type: 'AWS::EC2::Instance',
        Properties: { LaunchTemplate: { LaunchTemplateId: ref('ImdsOnly') } },
      },
    });
    expect(hits(stacks, 'WS-SEC-EBS-UNENCRYPTED')).toEqual(
      ['Bare', 'Box', 'Guarded', 'Lc', 'Lt', 'Volume'].map((r) =>
        finding('WS-SEC-EBS-UNENCRYPTED', 'medium', r),
      ),
    );
    expect(
      messageOf(
        stackOf({
          Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { BlockDeviceMappings: plain } },
        }),
        'WS-SEC-EBS-UNENCRYPTED',
      ),
    ).toContain('/dev/xvda is not encrypted');
  });
});

describe('WS-SEC-RDS-UNENCRYPTED', () => {
  it('passes encrypted storage and resources that inherit their encryption', () => {
    const stacks = stackOf({
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: true } },
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { StorageEncrypted: 'true' } },
      Member: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: ref('Cluster') } },
      Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: ref('Db') } },
      Restored: { Type: 'AWS::RDS::DBInstance', Properties: { DBSnapshotIdentifier: 'snap' } },
    });
    expect(hits(stacks, 'WS-SEC-RDS-UNENCRYPTED')).toEqual([]);
  });

  it('reports instances and clusters without StorageEncrypted', () => {
    const stacks = stackOf({
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } },
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { StorageEncrypted: false } },
    });
    expect(hits(stacks, 'WS-SEC-RDS-UNENCRYPTED')).toEqual([
      finding('WS-SEC-RDS-UNENCRYPTED', 'medium', 'Cluster'),
      finding('WS-SEC-RDS-UNENCRYPTED', 'medium', 'Db'),
    ]);
  });
});

describe('WS-SEC-S3-UNENCRYPTED', () => {
  it('passes a bucket that chooses its encryption', () => {
    const bucket = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      },
    };
    expect(hits(stackOf({ Bucket: bucket }), 'WS-SEC-S3-UNENCRYPTED')).toEqual([]);
  });

  it('reports a bucket without BucketEncryption as low, saying S3 encrypts by default', () => {
    const stacks = stackOf({ Bucket: { Type: 'AWS::S3::Bucket' } });
    expect(hits(stacks, 'WS-SEC-S3-UNENCRYPTED')).toEqual([
      finding('WS-SEC-S3-UNENCRYPTED', 'low', 'Bucket'),
    ]);
    expect(messageOf(stacks, 'WS-SEC-S3-UNENCRYPTED')).toContain(
      'SSE-S3 to new objects by default since January 2023',
    );
  });
});

describe('WS-SEC-CACHE-UNENCRYPTED', () => {
  const group = (properties: Record<string, unknown>) => ({
    Type: 'AWS::ElastiCache::ReplicationGroup',
    Properties: { Engine: 'redis', ...properties },
  });

  it('passes a group encrypted at rest and in transit', () => {
    const stacks = stackOf({
      Redis: group({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true }),
    });
    expect(hits(stacks, 'WS-SEC-CACHE-UNENCRYPTED')).toEqual([]);
  });

  it('reports a group missing either', () => {
    const stacks = stackOf({
      Neither: group({}),
      NoTransit: group({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: false }),
    });
    expect(hits(stacks, 'WS-SEC-CACHE-UNENCRYPTED')).toEqual([
      finding('WS-SEC-CACHE-UNENCRYPTED', 'medium', 'Neither'),
      finding('WS-SEC-CACHE-UNENCRYPTED', 'medium', 'NoTransit'),
    ]);
    expect(
      messageOf(stackOf({ NoTransit: group({ AtRestEncryptionEnabled: true }) }), 'WS-SEC-CACHE-UNENCRYPTED'),
    ).toContain('TransitEncryptionEnabled is not true');
  });
});

const bucket = (properties: Record<string, unknown> = {}) => ({
  Type: 'AWS::S3::Bucket',
  Properties: properties,
});
const policy = (statement: Record<string, unknown>) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: ref('Bucket'), PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
});
const allBlocked = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe('WS-SEC-S3-PUBLIC', () => {
  it('passes private buckets: CloudFront OAC grants, conditional and Deny statements', () => {
    const stacks = stackOf({
      Bucket: bucket({ PublicAccessBlockConfiguration: allBlocked }),
      Oac: policy({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::1:distribution/X' } },
      }),
      Tls: policy({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      Vpce: policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
    });
    expect(hits(stacks, 'WS-SEC-S3-PUBLIC')).toEqual([]);
  });

  it('reports a public ACL and an unconditional Principal "*" allow', () => {
    const acl = stackOf({ Bucket: bucket({ AccessControl: 'PublicRead' }) });
    expect(hits(acl, 'WS-SEC-S3-PUBLIC')).toEqual([finding('WS-SEC-S3-PUBLIC', 'high', 'Bucket')]);
    const open = stackOf({
      Bucket: bucket(),
      Policy: policy({
        Effect: 'Allow',
        Principal: { AWS: ['*'] },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      }),
    });
    expect(hits(open, 'WS-SEC-S3-PUBLIC')).toEqual([finding('WS-SEC-S3-PUBLIC', 'high', 'Bucket')]);
    expect(messageOf(open, 'WS-SEC-S3-PUBLIC')).toContain(
      'bucket policy Policy allows s3:GetObject to anyone',
    );
  });
});

describe('WS-SEC-S3-BPA-OFF', () => {
  it('passes all four settings on, and no setting at all (S3 blocks new buckets by default)', () => {
    const stacks = stackOf({
      Blocked: bucket({ PublicAccessBlockConfiguration: allBlocked }),
      Default: bucket(),
    });
    expect(hits(stacks, 'WS-SEC-S3-BPA-OFF')).toEqual([]);
  });

  it('reports settings turned off or left out of the configuration', () => {
    const stacks = stackOf({
      Acls: bucket({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }),
      Off: bucket({ PublicAccessBlockConfiguration: { ...allBlocked, BlockPublicPolicy: false } }),
    });
    expect(hits(stacks, 'WS-SEC-S3-BPA-OFF')).toEqual([
      finding('WS-SEC-S3-BPA-OFF', 'medium', 'Acls'),
      finding('WS-SEC-S3-BPA-OFF', 'medium', 'Off'),
    ]);
    expect(
      messageOf(
        stackOf({
          Off: bucket({ PublicAccessBlockConfiguration: { ...allBlocked, BlockPublicPolicy: false } }),
        }),
        'WS-SEC-S3-BPA-OFF',
      ),
    ).toContain('BlockPublicPolicy is off');
  });

  it('leaves buckets already public to WS-SEC-S3-PUBLIC', () => {
    const stacks = stackOf({
      Bucket: bucket({ AccessControl: 'PublicReadWrite', PublicAccessBlockConfiguration: {} }),
    });
    expect(hits(stacks, 'WS-SEC-S3-BPA-OFF')).toEqual([]);
  });
});

const document = (...statements: Record<string, unknown>[]) => ({
  Version: '2012-10-17',
  Statement: statements,
});
const allow = (action: unknown, resource: unknown = '*') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

describe('WS-SEC-IAM-ADMIN', () => {
  it('passes scoped grants and wildcards on specific resources', () => {
    const stacks = stackOf({
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyDocument: document(allow(['s3:GetObject']), allow('*', 'arn:aws:s3:::b/*')) },
      },
      Deny: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: document({ Effect: 'Deny', Action: '*', Resource: '*' }) },
      },
      Ssm: {
        Type: 'AWS::IAM::Role',
        Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] },
      },
    });
    expect(hits(stacks, 'WS-SEC-IAM-ADMIN')).toEqual([]);
  });

  it('reports "*" on "*" in standalone and inline policies, and AdministratorAccess', () => {
    const stacks = stackOf({
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyDocument: document(allow('*'), allow(['*'], ['*'])) },
      },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: { Policies: [{ PolicyName: 'all', PolicyDocument: document(allow(['*'])) }] },
      },
      Admin: {
        Type: 'AWS::IAM::Role',
        Properties: {
          ManagedPolicyArns: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] },
          ],
        },
      },
    });
    expect(hits(stacks, 'WS-SEC-IAM-ADMIN')).toEqual([
      finding('WS-SEC-IAM-ADMIN', 'high', 'Admin'),
      finding('WS-SEC-IAM-ADMIN', 'high', 'Policy'),
      finding('WS-SEC-IAM-ADMIN', 'high', 'Role'),
    ]);
  });
});

describe('WS-SEC-IAM-SERVICE-WILDCARD', () => {
  it('passes service wildcards on specific resources and partial wildcards', () => {
    const stacks = stackOf({
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: document(
            allow('s3:*', 'arn:aws:s3:::b/*'),
            allow(['s3:Get*', 'logs:CreateLogStream']),
          ),
        },
      },
    });
    expect(hits(stacks, 'WS-SEC-IAM-SERVICE-WILDCARD')).toEqual([]);
  });

  it('reports service:* on "*", once per policy', () => {
    const stacks = stackOf({
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: document(allow(['s3:*', 'ec2:*']), allow('s3:*')) },
      },
      User: {
        Type: 'AWS::IAM::User',
        Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: document(allow('dynamodb:*')) }] },
      },
    });
    expect(hits(stacks, 'WS-SEC-IAM-SERVICE-WILDCARD')).toEqual([
      finding('WS-SEC-IAM-SERVICE-WILDCARD', 'medium', 'Policy'),
      finding('WS-SEC-IAM-SERVICE-WILDCARD', 'medium', 'User'),
    ]);
    expect(
      messageOf(
        stackOf({
          Policy: {
            Type: 'AWS::IAM::Policy',
            Properties: { PolicyDocument: document(allow(['s3:*', 'ec2:*']), allow('s3:*')) },
          },
        }),
        'WS-SEC-IAM-SERVICE-WILDCARD',
      ),
    ).toContain('it allows s3:*, ec2:* on Resource "*"');
  });
});

describe('WS-SEC-PLAINTEXT-SECRET', () => {
  const userData = (script: unknown) => ({
    Type: 'AWS::EC2::Instance',
    Properties: { UserData: { 'Fn::Base64': script } },
  });

  it('passes scripts and variables that fetch secrets at run time or only name them', () => {
    const stacks = stackOf({
      Fetches: userData(
        [
          '#!/bin/bash',
          'TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token)',
          'DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)',
          'export DB_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:1:secret:db',
        ].join('\n'),
      ),
      Joined: userData({ 'Fn::Join': ['', ['#!/bin/bash\nexport API_KEY=', { Ref: 'ApiKeyParam' }, '\n']] }),
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Environment: {
            Variables: {
              DB_SECRET_ARN: ref('Secret'),
              JWT_SECRET_NAME: 'prod/jwt',
              PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}',
              TABLE: 'posts',
            },
          },
        },
      },
    });
    expect(hits(stacks, 'WS-SEC-PLAINTEXT-SECRET')).toEqual([]);
  });

  it('reports literal secrets in user data (Fn::Base64 of a string or Fn::Join, or already encoded)', () => {
    const encoded = Buffer.from('#!/bin/bash\necho "-----BEGIN RSA PRIVATE KEY-----" > /root/key\n').toString(
      'base64',
    );
    const stacks = stackOf({
      Box: userData('#!/bin/bash\nexport DB_PASSWORD=hunter22\n'),
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: {
            UserData: {
              'Fn::Base64': {
                'Fn::Join': ['\n', ['#!/bin/bash', 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE', { Ref: 'X' }]],
              },
            },
          },
        },
      },
      Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { UserData: encoded } },
    });
    expect(hits(stacks, 'WS-SEC-PLAINTEXT-SECRET')).toEqual(
      ['Box', 'Lc', 'Lt'].map((r) => finding('WS-SEC-PLAINTEXT-SECRET', 'high', r)),
    );
    const message = messageOf(
      stackOf({ Box: userData('export DB_PASSWORD=hunter22') }),
      'WS-SEC-PLAINTEXT-SECRET',
    );
    expect(message).toContain('DB_PASSWORD');
    expect(message).not.toContain('hunter22');
  });

  it('reports literal secrets in Lambda and ECS environment variables', () => {
    const stacks = stackOf({
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Environment: { Variables: { JWT_SECRET: 's3cr3t-value' } } },
      },
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            {
              Name: 'app',
              Environment: [
                { Name: 'PORT', Value: '8080' },
                { Name: 'REDIS_PASSWORD', Value: 'letmein!' },
              ],
            },
          ],
        },
      },
    });
    expect(hits(stacks, 'WS-SEC-PLAINTEXT-SECRET')).toEqual([
      finding('WS-SEC-PLAINTEXT-SECRET', 'high', 'Fn'),
      finding('WS-SEC-PLAINTEXT-SECRET', 'high', 'Task'),
    ]);
  });
});
