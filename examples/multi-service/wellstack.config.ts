import { defineConfig } from 'wellstack';

// Seed 001: two services host-routed by one ALB (web on the apex, api on api.), Valkey for refresh tokens,
// a media bucket for presigned uploads served through CloudFront, Route 53 + ACM, ECR and alarms.
export default defineConfig({
  name: 'moco',
  preset: 'multi-service',
  region: 'ap-northeast-2',
  domain: { name: 'example.com', hostedZone: { id: 'Z0123456789EXAMPLE', name: 'example.com' } },
  monitoring: { alarmEmail: 'ops@example.com' },
});
