import { defineConfig } from 'wellstack';

// Seed 002 v1–v3 / 000: one free-tier box in a public subnet behind a local reverse proxy, reached through
// SSM (no SSH), a single-AZ micro PostgreSQL in an isolated subnet, and the static site on S3 + CloudFront.
// Cheap, and honest about it: `wellstack plan` reports the box and the database as single points of failure.
export default defineConfig({
  name: 'moco',
  preset: 'free-tier',
  region: 'ap-northeast-2',
});
