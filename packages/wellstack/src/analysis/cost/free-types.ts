/**
 * Resource types that cost nothing by themselves, with the reason. What they carry or enable is priced
 * elsewhere (a launch template's instances under their Auto Scaling group, a record's queries under its
 * hosted zone). A type missing here and from every pricer is reported as unpriced, never as $0.
 */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::CDK::Metadata': 'CDK construct metadata, not a deployed resource',
  'AWS::EC2::VPC': 'VPCs have no charge',
  'AWS::EC2::VPCCidrBlock': 'VPC CIDR blocks have no charge',
  'AWS::EC2::Subnet': 'subnets have no charge',
  'AWS::EC2::RouteTable': 'route tables have no charge',
  'AWS::EC2::Route': 'routes have no charge',
  'AWS::EC2::SubnetRouteTableAssociation': 'route table associations have no charge',
  'AWS::EC2::InternetGateway': 'internet gateways have no charge (data out is priced separately)',
  'AWS::EC2::VPCGatewayAttachment': 'gateway attachments have no charge',
  'AWS::EC2::EgressOnlyInternetGateway': 'egress-only internet gateways have no hourly charge',
  'AWS::EC2::SecurityGroup': 'security groups have no charge',
  'AWS::EC2::SecurityGroupIngress': 'security group rules have no charge',
  'AWS::EC2::SecurityGroupEgress': 'security group rules have no charge',
  'AWS::EC2::NetworkAcl': 'network ACLs have no charge',
  'AWS::EC2::NetworkAclEntry': 'network ACL entries have no charge',
  'AWS::EC2::SubnetNetworkAclAssociation': 'network ACL associations have no charge',
  'AWS::EC2::LaunchTemplate':
    'launch templates have no charge; their instances are priced under the group or instance',
  'AWS::EC2::EIPAssociation': 'the associated Elastic IP is priced on the EIP line',
  'AWS::EC2::FlowLog':
    'flow logs are priced through their destination (log group ingestion or bucket storage)',
  'AWS::EC2::KeyPair': 'key pairs have no charge',
  'AWS::EC2::VPNGateway': 'virtual private gateways have no charge; VPN connections are priced by the hour',
  'AWS::EC2::VPNGatewayRoutePropagation': 'route propagation has no charge',
  'AWS::EC2::CustomerGateway': 'customer gateways have no charge',
  'AWS::EC2::VPNConnectionRoute': 'VPN routes have no charge',
  'AWS::EC2::PrefixList': 'managed prefix lists have no charge',
  'AWS::AutoScaling::LaunchConfiguration':
    'launch configurations have no charge; their instances are priced under the group',
  'AWS::AutoScaling::ScalingPolicy':
    'step and simple scaling policies have no charge; their alarms are priced on their own',
  'AWS::AutoScaling::ScheduledAction': 'scheduled actions have no charge',
  'AWS::AutoScaling::LifecycleHook': 'lifecycle hooks have no charge',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'target groups have no charge',
  'AWS::ElasticLoadBalancingV2::Listener': 'listeners have no charge (rule evaluations are part of LCUs)',
  'AWS::ElasticLoadBalancingV2::ListenerRule':
    'listener rules have no charge (rule evaluations are part of LCUs)',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': 'listener certificates have no charge',
  'AWS::RDS::DBSubnetGroup': 'DB subnet groups have no charge',
  'AWS::RDS::DBParameterGroup': 'parameter groups have no charge',
  'AWS::RDS::DBClusterParameterGroup': 'parameter groups have no charge',
  'AWS::RDS::OptionGroup': 'option groups have no charge',
  'AWS::SecretsManager::SecretTargetAttachment': 'attaching a secret to a database has no charge',
  'AWS::SecretsManager::RotationSchedule':
    'rotation schedules have no charge; the rotation function is a Lambda',
  'AWS::SecretsManager::ResourcePolicy': 'resource policies have no charge',
  'AWS::ElastiCache::SubnetGroup': 'cache subnet groups have no charge',
  'AWS::ElastiCache::ParameterGroup': 'parameter groups have no charge',
  'AWS::ElastiCache::SecurityGroup': 'cache security groups have no charge',
  'AWS::ElastiCache::User': 'ElastiCache users have no charge',
  'AWS::ElastiCache::UserGroup': 'ElastiCache user groups have no charge',
  'AWS::S3::BucketPolicy': 'bucket policies have no charge',
  'AWS::CloudFront::OriginAccessControl': 'origin access control has no charge',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': 'origin access identities have no charge',
  'AWS::CloudFront::ResponseHeadersPolicy': 'response headers policies have no charge',
  'AWS::CloudFront::CachePolicy': 'cache policies have no charge',
  'AWS::CloudFront::OriginRequestPolicy': 'origin request policies have no charge',
  'AWS::Route53::RecordSet':
    'records have no charge; queries are priced under the hosted zone (alias queries to AWS are free)',
  'AWS::Route53::RecordSetGroup': 'records have no charge; queries are priced under the hosted zone',
  'AWS::CertificateManager::Certificate': 'public ACM certificates are free',
  'AWS::Logs::ResourcePolicy': 'log resource policies have no charge',
  'AWS::Logs::SubscriptionFilter':
    'subscription filters have no charge; the destination is priced on its own',
  'AWS::CodeDeploy::Application':
    'CodeDeploy to EC2, Lambda and ECS has no charge (on-premises instances, 0.02 per update, are not modelled)',
  'AWS::CodeDeploy::DeploymentGroup': 'CodeDeploy to EC2, Lambda and ECS has no charge',
  'AWS::CodeDeploy::DeploymentConfig': 'CodeDeploy to EC2, Lambda and ECS has no charge',
  'AWS::CodeStarNotifications::NotificationRule':
    'notification rules have no charge; the SNS topic they publish to is priced with SNS (unverified)',
  'AWS::SNS::Subscription': 'subscriptions have no charge; deliveries to SQS and Lambda are free',
  'AWS::SNS::TopicPolicy': 'topic policies have no charge',
  'AWS::SQS::QueuePolicy': 'queue policies have no charge',
  'AWS::KMS::Alias': 'aliases have no charge',
  'AWS::Lambda::Permission': 'permissions have no charge',
  'AWS::Lambda::EventSourceMapping':
    'event source mappings have no charge; the polled requests are priced under the queue',
  'AWS::Lambda::Version': 'versions have no charge',
  'AWS::Lambda::Alias': 'aliases have no charge',
  'AWS::Lambda::LayerVersion': 'layers are stored free within the code storage quota',
  'AWS::Lambda::Url': 'function URLs have no charge beyond the invocations',
  'AWS::Lambda::EventInvokeConfig': 'asynchronous invocation settings have no charge',
  'AWS::ApplicationAutoScaling::ScalableTarget': 'Application Auto Scaling has no charge',
  'AWS::ApplicationAutoScaling::ScalingPolicy':
    'step scaling policies have no charge; their alarms are priced on their own',
  'AWS::ApiGatewayV2::Stage': 'stages have no charge',
  'AWS::ApiGatewayV2::Route': 'routes have no charge',
  'AWS::ApiGatewayV2::Integration': 'integrations have no charge',
  'AWS::ApiGatewayV2::Authorizer': 'authorizers have no charge (the authorizer function is a Lambda)',
  'AWS::ApiGatewayV2::Deployment': 'deployments have no charge',
  'AWS::ApiGatewayV2::DomainName': 'custom domain names have no charge',
  'AWS::ApiGatewayV2::ApiMapping': 'API mappings have no charge',
  'AWS::ApiGateway::Deployment': 'deployments have no charge',
  'AWS::ApiGateway::Stage': 'stages have no charge unless a cache cluster is enabled',
  'AWS::ApiGateway::Method': 'methods have no charge',
  'AWS::ApiGateway::Resource': 'API resources have no charge',
  'AWS::ApiGateway::Account': 'the account settings have no charge',
  'AWS::ApiGateway::Authorizer': 'authorizers have no charge (the authorizer function is a Lambda)',
  'AWS::ApiGateway::Model': 'models have no charge',
  'AWS::ApiGateway::RequestValidator': 'request validators have no charge',
  'AWS::ApiGateway::DomainName': 'custom domain names have no charge',
  'AWS::ApiGateway::BasePathMapping': 'base path mappings have no charge',
  'AWS::Events::Rule': 'rules matching AWS service events or schedules on the default bus have no charge',
  'AWS::Chatbot::SlackChannelConfiguration': 'AWS Chatbot has no charge (unverified)',
  'AWS::CloudFormation::WaitConditionHandle': 'CloudFormation bookkeeping, no charge',
  'AWS::CloudFormation::WaitCondition': 'CloudFormation bookkeeping, no charge',
  'AWS::CloudFormation::CustomResource':
    'custom resources have no charge; their handler functions are listed with the Lambda functions',
};

/** The reason a type is free, for listed types, every IAM type and every `Custom::` resource. */
export function freeReason(type: string): string | undefined {
  if (FREE_TYPES[type]) return FREE_TYPES[type];
  if (type.startsWith('AWS::IAM::')) return 'IAM has no charge';
  if (type.startsWith('Custom::'))
    return 'custom resources have no charge; their handler functions are listed with the Lambda functions';
  return undefined;
}
