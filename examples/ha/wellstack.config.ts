import { defineConfig } from 'wellstack';

// Seed 003: a web tier and an app tier in separate Auto Scaling groups (the app tier reached only through
// an internal ALB), Multi-AZ PostgreSQL, a NAT gateway per AZ, Valkey with a replica and automatic
// failover, and CloudFront in front of the ALB and the static site. No single point of failure.
export default defineConfig({
  name: 'moco',
  preset: 'ha',
  region: 'ap-northeast-2',
  monitoring: { alarmEmail: 'ops@example.com' },
});
