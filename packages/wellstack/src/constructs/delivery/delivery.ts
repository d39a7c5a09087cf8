import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Stage } from '../../config/index.ts';

/** GitHub Actions' OIDC issuer and the audience configure-aws-credentials asks for. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** Only pushes to this branch may deploy. */
export const DEPLOY_BRANCH = 'main';
/** ECR keeps this many images per repository; older ones expire. */
export const ECR_IMAGES_KEPT = 20;
/** CodeDeploy events sent to the notification topic (AWS CodeStar Notifications event type ids). */
export const DEPLOYMENT_EVENTS = [
  'codedeploy-application-deployment-started',
  'codedeploy-application-deployment-succeeded',
  'codedeploy-application-deployment-failed',
];
const ECR_LOGIN_REASON =
  'ecr:GetAuthorizationToken (docker login) supports no resource-level permissions and grants nothing by ' +
  'itself; pulls and pushes are limited to this stack’s repositories by the other statements.';
/** Replaced revisions stay this long (a rollback to them stays possible), then expire. */
const NONCURRENT_ARTIFACT_DAYS = 30;

export interface DeliveryService {
  /** The service's Auto Scaling group; its instances run the CodeDeploy agent (installed by the launch template). */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The service's target group: CodeDeploy deregisters each instance from it while deploying to it. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /**
   * Alarms that stop and roll back a deployment when they fire (e.g. `Alarms.targetGroupAlarms[name]`).
   * @default - no alarms: only a failed deployment rolls back
   */
  readonly alarms?: cloudwatch.IAlarm[];
}

export interface DeliveryProps {
  /** Services by name; each gets a deployment group and an artifacts prefix `<name>/`. */
  readonly services: Record<string, DeliveryService>;
  /**
   * GitHub repository (`owner/name`) whose `main` branch may deploy through an OIDC role.
   * @default - no deploy role
   */
  readonly githubRepository?: string;
  /**
   * An existing GitHub OIDC provider: an account holds at most one per issuer, so a second stack must reuse it.
   * @default - a new provider for token.actions.githubusercontent.com (free)
   */
  readonly githubOidcProvider?: iam.IOidcProvider;
  /**
   * Topic that receives deployment started / succeeded / failed notifications, e.g. `Alarms.topic`, which
   * AWS Chatbot posts to Slack. If the topic is encrypted with a customer key, the key is granted to
   * CodeStar Notifications.
   * @default - no deployment notifications
   */
  readonly notificationTopic?: sns.ITopic;
  /** One ECR repository per service (USD 0.10 per GB-month of images). */
  readonly ecr: boolean;
  /** `prod` retains the artifacts bucket and repositories when the stack is deleted. */
  readonly stage: Stage;
}

/**
 * Deployments without SSH (seed 002 v3): a private artifacts bucket, a CodeDeploy application with one
 * in-place deployment group per service (one instance at a time, drained from the ALB first, rolled back on
 * failure or alarm), optionally a GitHub Actions OIDC role that may only upload bundles and start
 * deployments, and ECR repositories.
 */
export class Delivery extends Construct {
  readonly artifactsBucket: s3.Bucket;
  readonly application: codedeploy.ServerApplication;
  readonly deploymentGroups: Record<string, codedeploy.ServerDeploymentGroup> = {};
  /** The application's name as a plain string (for the generated workflow). */
  readonly applicationName: string;
  /** Deployment group names by service, as plain strings (for the generated workflow). */
  readonly deploymentGroupNames: Record<string, string> = {};
  readonly deployRole?: iam.Role;
  readonly repositories: Record<string, ecr.Repository> = {};

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const services = Object.entries(props.services);
    if (services.length === 0) {
      throw new Error(
        'Delivery needs at least one Auto Scaling service in props.services: deployment groups and ECR repositories are per service',
      );
    }
    if (
      props.githubRepository !== undefined &&
      !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.githubRepository)
    ) {
      throw new Error(
        `githubRepository ("${props.githubRepository}") must be owner/name, e.g. octo-org/shop`,
      );
    }
    const stack = Stack.of(this);
    const retain = props.stage === 'prod';

    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(NONCURRENT_ARTIFACT_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retain,
    });
    Validations.of(this.artifactsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Access logs would need a second bucket and cost for little gain: only the deploy role (PutObject on a ' +
        'prefix) and the instance roles (GetObject on their prefix) can touch the bucket, public access is ' +
        'blocked, TLS is enforced, versioning keeps every revision and CodeDeploy records every deployment.',
    });

    // The stack name is a plain string at synth, so the generated workflow can name what it deploys to.
    this.applicationName = stack.stackName;
    this.application = new codedeploy.ServerApplication(this, 'Application', {
      applicationName: this.applicationName,
    });

    const bucketId = stack.resolve(
      stack.getLogicalId(this.artifactsBucket.node.defaultChild as s3.CfnBucket),
    );
    for (const [name, service] of services) {
      const id = pascal(name);
      const repository = props.ecr
        ? new ecr.Repository(this, `${id}Repository`, {
            imageScanOnPush: true,
            imageTagMutability: ecr.TagMutability.IMMUTABLE,
            encryption: ecr.RepositoryEncryption.AES_256,
            lifecycleRules: [
              { description: `Keep the last ${ECR_IMAGES_KEPT} images`, maxImageCount: ECR_IMAGES_KEPT },
            ],
            removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            emptyOnDelete: !retain,
          })
        : undefined;
      if (repository) this.repositories[name] = repository;

      // What the service's instances read: their own revisions and, with ECR, their own images.
      const role = instanceRole(name, service.autoScalingGroup);
      const readPolicy = new iam.Policy(this, `${id}InstanceRead`, {
        roles: [role],
        statements: [
          new iam.PolicyStatement({
            // The agent downloads the revision named in the deployment, by key and optionally version.
            actions: ['s3:GetObject', 's3:GetObjectVersion'],
            resources: [this.artifactsBucket.arnForObjects(`${name}/*`)],
          }),
          ...(repository
            ? [
                new iam.PolicyStatement({
                  actions: [
                    'ecr:BatchGetImage',
                    'ecr:GetDownloadUrlForLayer',
                    'ecr:BatchCheckLayerAvailability',
                  ],
                  resources: [repository.repositoryArn],
                }),
                new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
              ]
            : []),
        ],
      });
      Validations.of(readPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${name}/*]`,
        reason: `Revision keys are <service>/<commit>.zip; read access is limited to the ${name}/ prefix of the artifacts bucket.`,
      });
      if (repository) {
        Validations.of(readPolicy).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: ECR_LOGIN_REASON,
        });
      }

      const alarms = service.alarms ?? [];
      const group = new codedeploy.ServerDeploymentGroup(this, `${id}DeploymentGroup`, {
        application: this.application,
        deploymentGroupName: `${this.applicationName}-${name}`,
        autoScalingGroups: [service.autoScalingGroup],
        // The launch template's user data installs the agent; CDK's installer would add a second copy.
        installAgent: false,
        loadBalancers: [codedeploy.LoadBalancer.application(service.targetGroup)],
        deploymentConfig: codedeploy.ServerDeploymentConfig.ONE_AT_A_TIME,
        alarms,
        autoRollback: {
          failedDeployment: true,
          stoppedDeployment: true,
          deploymentInAlarm: alarms.length > 0,
        },
        // Scale-in runs ApplicationStop first, so the service drains instead of being cut off.
        terminationHook: true,
      });
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRole]',
        reason:
          'AWSCodeDeployRole is the AWS-maintained service role policy for EC2/Auto Scaling deployments; it ' +
          'is assumable only by codedeploy.amazonaws.com.',
      });
      this.deploymentGroups[name] = group;
      this.deploymentGroupNames[name] = `${this.applicationName}-${name}`;
    }

    if (props.notificationTopic) this.notifyDeployments(props.notificationTopic);

    if (props.githubRepository) {
      this.deployRole = this.githubDeployRole(
        props.githubRepository,
        props.githubOidcProvider ??
          new iam.OidcProviderNative(this, 'GithubOidc', {
            url: `https://${GITHUB_OIDC_ISSUER}`,
            clientIds: [GITHUB_OIDC_AUDIENCE],
          }),
        services.map(([name]) => name),
        bucketId,
      );
    }
  }

  private notifyDeployments(topic: sns.ITopic): void {
    const principal = new iam.ServicePrincipal('codestar-notifications.amazonaws.com');
    topic.masterKey?.grant(principal, 'kms:Decrypt', 'kms:GenerateDataKey*');
    const application = this.application;
    new notifications.NotificationRule(this, 'Notifications', {
      // The CodeDeploy L2 is no notification source itself; the rule needs only the application's ARN.
      source: { bindAsNotificationRuleSource: () => ({ sourceArn: application.applicationArn }) },
      events: DEPLOYMENT_EVENTS,
      targets: [topic],
      detailType: notifications.DetailType.BASIC,
    });
  }

  /** A role only the repository's main branch can assume, allowed to upload bundles and start deployments. */
  private githubDeployRole(
    repository: string,
    provider: iam.IOidcProvider,
    serviceNames: string[],
    bucketId: string,
  ): iam.Role {
    const stack = Stack.of(this);
    const deploymentConfigArn = stack.formatArn({
      service: 'codedeploy',
      resource: 'deploymentconfig',
      resourceName: codedeploy.ServerDeploymentConfig.ONE_AT_A_TIME.deploymentConfigName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'UploadRevisions',
        actions: ['s3:PutObject'],
        resources: serviceNames.map((name) => this.artifactsBucket.arnForObjects(`${name}/*`)),
      }),
      new iam.PolicyStatement({
        sid: 'RegisterRevisions',
        actions: ['codedeploy:RegisterApplicationRevision', 'codedeploy:GetApplicationRevision'],
        resources: [this.application.applicationArn],
      }),
      new iam.PolicyStatement({
        sid: 'Deploy',
        actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
        resources: Object.values(this.deploymentGroups).map((group) => group.deploymentGroupArn),
      }),
      new iam.PolicyStatement({
        sid: 'ReadDeploymentConfig',
        actions: ['codedeploy:GetDeploymentConfig'],
        resources: [deploymentConfigArn],
      }),
    ];
    const repositories = Object.values(this.repositories);
    if (repositories.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'PushImages',
          actions: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:InitiateLayerUpload',
            'ecr:UploadLayerPart',
            'ecr:CompleteLayerUpload',
            'ecr:PutImage',
            'ecr:BatchGetImage',
          ],
          resources: repositories.map((repository) => repository.repositoryArn),
        }),
        // docker login: GetAuthorizationToken is account-wide by design.
        new iam.PolicyStatement({
          sid: 'EcrLogin',
          actions: ['ecr:GetAuthorizationToken'],
          resources: ['*'],
        }),
      );
    }
    const role = new iam.Role(this, 'DeployRole', {
      description: `GitHub Actions deploys from ${repository}@${DEPLOY_BRANCH} (OIDC, no long-lived keys)`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: `repo:${repository}:ref:refs/heads/${DEPLOY_BRANCH}`,
        },
      }),
      inlinePolicies: { Deploy: new iam.PolicyDocument({ statements }) },
    });
    for (const name of serviceNames) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${name}/*]`,
        reason: `Bundles are uploaded as ${name}/<commit>.zip: PutObject only, only under the ${name}/ prefix.`,
      });
    }
    if (repositories.length > 0) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: ECR_LOGIN_REASON,
      });
    }
    return role;
  }
}

function instanceRole(name: string, group: autoscaling.AutoScalingGroup): iam.IRole {
  try {
    return group.role;
  } catch {
    throw new Error(
      `service "${name}": its Auto Scaling group's launch template has no role; give the launch template a role so the CodeDeploy agent can read the artifacts bucket`,
    );
  }
}

/** `api` → `Api`, `web-app` → `WebApp`: a service name as part of a construct id. */
function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
