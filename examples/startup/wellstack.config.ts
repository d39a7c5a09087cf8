import { defineConfig } from 'wellstack';

// Seed 002 v4: an ALB in front of an Auto Scaling group (1–6 Graviton instances) in private subnets, a NAT
// instance instead of a NAT gateway, PostgreSQL in isolated subnets, the static site on S3 + CloudFront,
// CodeDeploy rolling deploys, Prometheus + Grafana on a private instance, and CloudWatch alarms by e-mail.
export default defineConfig({
  name: 'moco',
  preset: 'startup',
  region: 'ap-northeast-2',
  monitoring: { alarmEmail: 'ops@example.com' },
  delivery: { githubRepository: 'example/moco' },
});
