-- Users of the Ferry API and their tokens. Tokens are stored only as SHA-256 hashes.
CREATE TABLE users (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'user')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Every stored credential, AES-256-GCM sealed; ciphertext starts with the key id that sealed it.
-- Other tables refer to a secret by id; the row id is bound into the ciphertext as associated data.
CREATE TABLE secrets (
    id          UUID PRIMARY KEY,
    purpose     TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    ciphertext  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX secrets_key_id ON secrets(key_id);
