-- Forgejo's token API takes the user's password, never a token: the secret is a password.
ALTER TABLE fort_clusters RENAME COLUMN forgejo_token_secret TO forgejo_password_secret;

-- Hosts that may receive read-write Forgejo tokens; every other host gets read-only or nothing.
ALTER TABLE fort_clusters ADD COLUMN git_write_hosts TEXT[] NOT NULL DEFAULT '{}';

-- What the worker last learnt from the providers (no secrets): pocket-id's version and when the API
-- key Ferry uses expires, so an expiring key is reported before it stops working.
CREATE TABLE fort_provider_status (
    cluster                  TEXT PRIMARY KEY REFERENCES fort_clusters(name) ON DELETE CASCADE,
    pocket_id_version        TEXT,
    pocket_id_key_expires_at TIMESTAMPTZ,
    checked_at               TIMESTAMPTZ NOT NULL DEFAULT now()
);
