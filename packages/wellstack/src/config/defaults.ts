/**
 * Values the architecture and the services agree on (docs/service-contract.md) and the kit's global
 * defaults. The schema reads them; nothing else repeats them.
 */
export const SERVICE_PORT = 8080;
export const METRICS_PORT = 9464;
export const HEALTH_PATH = '/health';
export const READY_PATH = '/ready';

/** Regions with a price table; the schema accepts only these so `plan` can always price what it plans. */
export const SUPPORTED_REGIONS = ['ap-northeast-2', 'us-east-1'] as const;
export const DEFAULT_REGION = 'ap-northeast-2';

/** Where the host-side files of a service live (docs/service-contract.md). */
export const APP_DIR = '/opt/wellstack/app';
export const ENV_FILE = '/etc/wellstack/app.env';
export const SYSTEMD_UNIT = 'wellstack-app.service';
