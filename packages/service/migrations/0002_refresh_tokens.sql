-- Refresh tokens when the service runs without Redis (REDIS_URL unset): src/auth/postgres-refresh-tokens.ts.
-- A family is one log-in; deleting its row revokes every token in it. Its expiry is renewed on every
-- rotation, to that of its newest token. Expired rows are ignored by every query and deleted lazily.
CREATE TABLE refresh_token_families (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);

-- One row per token, keyed by the sha256 (hex) of its secret; the secret itself is never stored.
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
  used boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL
);

CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);
CREATE INDEX refresh_token_families_expires_at_idx ON refresh_token_families (expires_at);
CREATE INDEX refresh_token_families_user_id_idx ON refresh_token_families (user_id);
