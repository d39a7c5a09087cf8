import { isRecord } from './lookup.ts';

/** Stands for a value the template computes at deploy time; it can never be a literal secret. */
const COMPUTED = '$COMPUTED';

/**
 * The text of an EC2 user data value: `Fn::Base64` of a string, `Fn::Join` or `Fn::Sub`, or an already
 * base64-encoded literal. Intrinsics inside become a `$COMPUTED` placeholder.
 */
export function userDataText(value: unknown): string {
  if (typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
  return isRecord(value) && 'Fn::Base64' in value ? literalText(value['Fn::Base64']) : COMPUTED;
}

/** The literal text of a string value built with `Fn::Join` / `Fn::Sub`; computed parts become a placeholder. */
export function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return COMPUTED;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map(literalText).join(join[0]);
  }
  const sub = value['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return typeof text === 'string' ? text : COMPUTED;
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;
/** Names that hold a pointer to a secret (its ARN, name, path), not the secret. */
const POINTER_NAME =
  /(ARN|NAME|ID|PATH|PARAM(ETER)?|URL|URI|REGION|TTL|EXPIRY|EXPIRES?|SECONDS|LENGTH|FILE)$/i;
const ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
const ASSIGNMENT = /([A-Za-z0-9_]+)\s*[=:]\s*["']?([^\s"'$`]{4,})/g;

/** True when a variable of this name, set to this literal, holds a secret in plain text. */
export function isSecretVariable(name: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (ACCESS_KEY.test(value) || PRIVATE_KEY.test(value)) return true;
  return (
    SECRET_NAME.test(name) &&
    !POINTER_NAME.test(name) &&
    value.trim().length >= 4 &&
    !value.startsWith('{{resolve:') &&
    !value.startsWith('arn:')
  );
}

/**
 * What plain-text secrets a script holds, described without repeating them: variables with secret-like
 * names assigned a literal, AWS access key ids, private keys.
 */
export function secretsInText(text: string): string[] {
  const found = new Set<string>();
  for (const [, name = '', value = ''] of text.matchAll(ASSIGNMENT)) {
    if (SECRET_NAME.test(name) && !POINTER_NAME.test(name) && !value.startsWith('arn:')) found.add(name);
  }
  if (ACCESS_KEY.test(text)) found.add('an AWS access key id');
  if (PRIVATE_KEY.test(text)) found.add('a private key');
  return [...found];
}
