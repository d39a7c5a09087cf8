import { Aws, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { APP_DIR, ENV_FILE } from '../../config/defaults.ts';
import type { ServiceConfig } from '../../config/schema.ts';
import { dnfInstall } from '../network/hardening.ts';

/**
 * The host side of docs/service-contract.md, as launch user data: Node.js 20, the CodeDeploy agent, the
 * `wellstack` user, the application directory and `/etc/wellstack/app.env`.
 */
export interface HostOptions {
  /** Variables for the env file; values may be tokens (ARNs, endpoints) resolved at deploy time. */
  readonly environment: Readonly<Record<string, string>>;
  /** Install nginx on port 80 proxying to this local port (the single-instance shape). */
  readonly reverseProxyTo?: number;
}

const SERVICE_USER = 'wellstack';
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Names that say "this is a secret": such values must come as a reference (`<NAME>_ARN`), never inline. */
const SECRET_NAME = /(^|_)(PASSWORD|SECRET)$/;

/**
 * A service's env file: the kit's basics, then the shared values (data endpoints, secret ARNs), then the
 * service's own `environment`, and last its ports from the config, which nothing may override.
 */
export function serviceEnvironment(
  config: ServiceConfig,
  shared: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    AWS_REGION: Aws.REGION,
    ...shared,
    ...config.environment,
    PORT: String(config.port),
    METRICS_PORT: String(config.metricsPort),
  };
}

export function hostUserData(options: HostOptions): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    `id -u ${SERVICE_USER} >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin ${SERVICE_USER}`,
    `install -d -m 0755 ${APP_DIR}`,
    `install -d -m 0750 -o root -g ${SERVICE_USER} ${dirOf(ENV_FILE)}`,
    `install -m 0640 -o root -g ${SERVICE_USER} /dev/null ${ENV_FILE}`,
    // Quoted delimiter: the shell expands nothing, values reach the file exactly as CloudFormation wrote them.
    `cat > ${ENV_FILE} <<'WELLSTACK_ENV'`,
    ...envLines(options.environment),
    'WELLSTACK_ENV',
    // ruby is the CodeDeploy agent's runtime.
    dnfInstall(['nodejs20', 'ruby']),
    // nodejs20 installs /usr/bin/node-20; the systemd unit runs /usr/bin/node.
    '[ -e /usr/bin/node ] || ln -s /usr/bin/node-20 /usr/bin/node',
    `curl -fsSL -o /tmp/codedeploy-install ${codeDeployInstallUrl()}`,
    'chmod +x /tmp/codedeploy-install',
    '/tmp/codedeploy-install auto',
    'rm -f /tmp/codedeploy-install',
  );
  if (options.reverseProxyTo !== undefined) userData.addCommands(...nginxCommands(options.reverseProxyTo));
  return userData;
}

/** The agent's installer from the region's own bucket (reachable through the S3 gateway endpoint). */
export function codeDeployInstallUrl(): string {
  return `https://aws-codedeploy-${Aws.REGION}.s3.${Aws.REGION}.amazonaws.com/latest/install`;
}

function envLines(environment: Readonly<Record<string, string>>): string[] {
  return Object.entries(environment)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => {
      if (!ENV_NAME.test(name)) {
        throw new Error(`environment variable "${name}" must match ${ENV_NAME} (e.g. DATABASE_SECRET_ARN)`);
      }
      if (!Token.isUnresolved(value)) {
        if (/[\r\n]/.test(value)) {
          throw new Error(
            `environment variable ${name} must be a single line: the env file has one variable per line`,
          );
        }
        if (SECRET_NAME.test(name)) {
          throw new Error(
            `environment variable ${name} holds a secret in plain text: store it in Secrets Manager and pass ${name}_ARN instead`,
          );
        }
      }
      return `${name}=${value}`;
    });
}

function nginxCommands(port: number): string[] {
  return [
    dnfInstall(['nginx']),
    // The whole config is replaced so no stock server block competes for port 80.
    "cat > /etc/nginx/nginx.conf <<'WELLSTACK_NGINX'",
    'user nginx;',
    'worker_processes auto;',
    'error_log /var/log/nginx/error.log notice;',
    'pid /run/nginx.pid;',
    'events { worker_connections 1024; }',
    'http {',
    '  server_tokens off;',
    '  access_log /var/log/nginx/access.log;',
    '  client_max_body_size 10m;',
    '  server {',
    '    listen 80 default_server;',
    '    location / {',
    `      proxy_pass http://127.0.0.1:${port};`,
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '      proxy_set_header Host $host;',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '      proxy_set_header X-Forwarded-Proto $scheme;',
    '    }',
    '  }',
    '}',
    'WELLSTACK_NGINX',
    'systemctl enable --now nginx',
  ];
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}
