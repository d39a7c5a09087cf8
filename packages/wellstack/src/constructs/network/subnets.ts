import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Where private workloads run: the private-with-egress tier, or the isolated tier when the VPC was built
 * with `egress: 'none'` (then only what the VPC endpoints serve is reachable).
 */
export function workloadSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return {
    subnetType:
      vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
  };
}
