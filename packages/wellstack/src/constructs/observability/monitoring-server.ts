import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { METRICS_PORT } from '../../config/index.ts';
import {
  allowSessionManager,
  amazonLinux2023,
  applyLaunchOptions,
  dnfInstall,
  encryptedRoot,
} from '../network/hardening.ts';
import { SERVICE_TAG } from '../services/auto-scaled-service.ts';

/** Prometheus release installed from the official tarball (not packaged in the Amazon Linux 2023 repos). */
export const PROMETHEUS_VERSION = '3.5.0';
export const GRAFANA_PORT = 3000;
export const PROMETHEUS_PORT = 9090;
/** Room for the OS, Grafana and ~15 days of Prometheus samples for a handful of instances. */
const ROOT_VOLUME_GIB = 16;

export interface MonitoringServerProps {
  /** The VPC; the server runs in one of its private-with-egress subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * EC2 instance type, e.g. `t4g.small`. Graviton families boot the arm64 image. Costs money by the hour
   * (t4g.small: about USD 15/month in Seoul) plus the 16 GiB gp3 root volume.
   */
  readonly instanceType: string;
}

/**
 * Prometheus + Grafana on one private instance (seed 002). It has no ingress rule at all: operators reach
 * Grafana (3000) and Prometheus (9090) through SSM Session Manager port forwarding, e.g.
 * `aws ssm start-session --target <id> --document-name AWS-StartPortForwardingSession
 *   --parameters portNumber=3000,localPortNumber=3000`.
 * Prometheus finds the services' instances through EC2 service discovery (tag `wellstack:service`) and
 * scrapes their metrics port; services admit it with `connections.allowFrom(monitoringServer, port)`.
 */
export class MonitoringServer extends Construct implements ec2.IConnectable {
  /** The monitoring security group: services admit it on their metrics port. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly instance: ec2.Instance;
  readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: MonitoringServerProps) {
    super(scope, id);

    if (props.vpc.privateSubnets.length === 0) {
      throw new Error(
        'MonitoringServer needs a private subnet with egress (to install packages and reach the EC2 and SSM APIs): ' +
          'set network.egress to "instance" or "gateway", or turn monitoring.prometheus off',
      );
    }
    const instanceType = new ec2.InstanceType(props.instanceType);

    // Outbound is limited to HTTPS (packages, SSM, EC2 API); each service's allowFrom adds its metrics port.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description:
        'Prometheus and Grafana: no ingress (SSM port forwarding only), egress HTTPS and metrics ports',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: packages, SSM, EC2 API');

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      associatePublicIpAddress: false,
      instanceType,
      // Resolved from the public SSM parameter at deploy time: no AMI lookup at synth.
      machineImage: amazonLinux2023(instanceType),
      securityGroup: this.securityGroup,
      blockDevices: [encryptedRoot(ROOT_VOLUME_GIB)],
      userData: ec2.UserData.custom(userData(instanceType.architecture)),
      // A changed script must reach the instance; it holds nothing that cannot be rebuilt.
      userDataCausesReplacement: true,
    });
    // IMDSv2 and the encrypted root through the kit's own launch template: `requireImdsv2` would name its
    // template "InstanceLaunchTemplate", a fixed name that a second stack in the account and region collides with.
    applyLaunchOptions(this.instance, { rootVolumeGiB: ROOT_VOLUME_GIB });
    this.connections = this.instance.connections;
    allowSessionManager(this.instance.role);

    // ec2_sd_configs calls DescribeInstances, which supports no resource-level permissions.
    this.instance.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }),
    );

    Validations.of(this.instance.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ec2:DescribeInstances (Prometheus EC2 service discovery) supports no resource-level permissions, so it needs Resource "*". ' +
        'It is the only action in the policy and is read-only.',
    });
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-EC28',
      reason:
        'Detailed monitoring costs per metric; 5-minute basic metrics suffice for a monitoring host whose own ' +
        'health Prometheus and the ALB-side alarms already watch.',
    });
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-EC29',
      reason:
        'The server is stateless by design (rebuilt from user data; metrics history is disposable) and must be ' +
        'replaceable by CloudFormation, which termination protection would block. Access is SSM-only.',
    });
  }
}

/**
 * The boot script. Grafana comes from Grafana's signed rpm repository; Prometheus from the official release
 * tarball, checked against the release's sha256sums.txt. Both listen on 127.0.0.1 only: SSM port forwarding
 * connects from the instance itself, so nothing else on the network can reach them.
 */
function userData(architecture: ec2.InstanceArchitecture): string {
  const arch = architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'amd64';
  const release = `prometheus-${PROMETHEUS_VERSION}.linux-${arch}`;
  const releaseUrl = `https://github.com/prometheus/prometheus/releases/download/v${PROMETHEUS_VERSION}`;
  // Prometheus turns the tag key wellstack:service into the label __meta_ec2_tag_wellstack_service.
  const tagLabel = `__meta_ec2_tag_${SERVICE_TAG.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return `#!/bin/bash
set -euo pipefail

# Grafana from its signed rpm repository.
cat > /etc/yum.repos.d/grafana.repo <<'EOF'
[grafana]
name=grafana
baseurl=https://rpm.grafana.com
repo_gpgcheck=1
enabled=1
gpgcheck=1
gpgkey=https://rpm.grafana.com/gpg.key
sslverify=1
sslcacert=/etc/pki/tls/certs/ca-bundle.crt
EOF
${dnfInstall(['grafana', 'tar'])}

# Prometheus from the official release, verified against its published checksums.
workdir=$(mktemp -d)
cd "$workdir"
curl -fsSLO ${releaseUrl}/${release}.tar.gz
curl -fsSLO ${releaseUrl}/sha256sums.txt
grep " ${release}.tar.gz$" sha256sums.txt | sha256sum -c -
tar -xzf ${release}.tar.gz
install -m 0755 ${release}/prometheus ${release}/promtool /usr/local/bin/
cd /
rm -rf "$workdir"

useradd --system --no-create-home --shell /sbin/nologin prometheus || true
install -d -o prometheus -g prometheus -m 0750 /var/lib/prometheus
install -d -m 0755 /etc/prometheus
cat > /etc/prometheus/prometheus.yml <<'EOF'
global:
  scrape_interval: 30s
  evaluation_interval: 30s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:${PROMETHEUS_PORT}']
  - job_name: wellstack
    metrics_path: /metrics
    # Region and credentials come from the instance metadata (IMDSv2) and the instance role.
    ec2_sd_configs:
      - port: ${METRICS_PORT}
        refresh_interval: 60s
        filters:
          - name: tag-key
            values: ['${SERVICE_TAG}']
          - name: instance-state-name
            values: ['running']
    relabel_configs:
      - source_labels: [${tagLabel}]
        target_label: service
      - source_labels: [__meta_ec2_instance_id]
        target_label: instance
      - source_labels: [__meta_ec2_availability_zone]
        target_label: availability_zone
EOF
promtool check config /etc/prometheus/prometheus.yml

cat > /etc/systemd/system/prometheus.service <<'EOF'
[Unit]
Description=Prometheus
Wants=network-online.target
After=network-online.target

[Service]
User=prometheus
Group=prometheus
ExecStart=/usr/local/bin/prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/var/lib/prometheus --storage.tsdb.retention.time=15d --web.listen-address=127.0.0.1:${PROMETHEUS_PORT}
Restart=on-failure
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
ReadWritePaths=/var/lib/prometheus
PrivateTmp=true

[Install]
WantedBy=multi-user.target
EOF

# Grafana: loopback only, Prometheus as its data source, a random admin password readable by root alone.
cat > /etc/grafana/provisioning/datasources/prometheus.yaml <<'EOF'
apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://127.0.0.1:${PROMETHEUS_PORT}
    isDefault: true
EOF
umask 077
openssl rand -base64 24 > /etc/grafana/admin-password
umask 022
chown root:grafana /etc/grafana/admin-password
chmod 0640 /etc/grafana/admin-password
cat >> /etc/sysconfig/grafana-server <<'EOF'
GF_SERVER_HTTP_ADDR=127.0.0.1
GF_SERVER_HTTP_PORT=${GRAFANA_PORT}
GF_SECURITY_ADMIN_PASSWORD__FILE=/etc/grafana/admin-password
GF_ANALYTICS_REPORTING_ENABLED=false
GF_USERS_ALLOW_SIGN_UP=false
EOF

systemctl daemon-reload
systemctl enable --now prometheus grafana-server
`;
}
