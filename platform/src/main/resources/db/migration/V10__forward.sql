-- Per-user Forward profiles. Credentials ("user:secret", sent as HTTP Basic) and the collector's
-- authorization key live in the secret store; this table only points at them.
CREATE TABLE forward_profiles (
    id                      UUID PRIMARY KEY,
    owner_id                UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name                    TEXT NOT NULL,
    base_url                TEXT NOT NULL,
    credentials_secret_id   UUID NOT NULL REFERENCES secrets(id),
    skip_tls_verify         BOOLEAN NOT NULL DEFAULT false,
    ca_certificate          TEXT,
    preferred_collector     TEXT,
    is_default              BOOLEAN NOT NULL DEFAULT false,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);
CREATE UNIQUE INDEX forward_profiles_one_default ON forward_profiles(owner_id) WHERE is_default;

-- Collectors Ferry registered in Forward (one per user, or per workspace). The key is shown once by Forward.
CREATE TABLE forward_collectors (
    id                  UUID PRIMARY KEY,
    profile_id          UUID NOT NULL REFERENCES forward_profiles(id) ON DELETE CASCADE,
    scope               TEXT NOT NULL,
    forward_id          TEXT NOT NULL,
    name                TEXT NOT NULL,
    username            TEXT NOT NULL,
    key_secret_id       UUID NOT NULL REFERENCES secrets(id),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (profile_id, scope)
);

-- A deployment synced to Forward and the Forward ids cached for idempotent re-syncs.
CREATE TABLE forward_deployments (
    id                      UUID PRIMARY KEY,
    owner_id                UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workspace               TEXT NOT NULL,
    name                    TEXT NOT NULL,
    deployment_type         TEXT NOT NULL,
    profile_id              UUID NOT NULL REFERENCES forward_profiles(id),
    network_id              TEXT,
    network_name            TEXT,
    collector_username      TEXT,
    jump_host               TEXT,
    jump_port               INTEGER,
    jump_username           TEXT,
    jump_secret_id          UUID REFERENCES secrets(id),
    jump_uses_ssh_key       BOOLEAN NOT NULL DEFAULT false,
    jump_server_id          TEXT,
    endpoint_profile_id     TEXT,
    last_task_id            TEXT,
    last_snapshot_id        TEXT,
    synced_at               TIMESTAMPTZ,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (workspace, name)
);

-- One CLI credential per device kind; fingerprint = salted SHA-256 of "username:password" so a changed
-- password is noticed without keeping it outside the secret store.
CREATE TABLE forward_deployment_credentials (
    deployment_id           UUID NOT NULL REFERENCES forward_deployments(id) ON DELETE CASCADE,
    kind                    TEXT NOT NULL,
    username                TEXT NOT NULL,
    password_secret_id      UUID NOT NULL REFERENCES secrets(id),
    fingerprint             TEXT NOT NULL,
    forward_id              TEXT,
    forward_fingerprint     TEXT,
    retired_forward_id      TEXT,
    PRIMARY KEY (deployment_id, kind)
);

-- Devices (classic devices and Linux endpoints) in a stable order, so activities read batches by position.
CREATE TABLE forward_deployment_devices (
    deployment_id   UUID NOT NULL REFERENCES forward_deployments(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    host            TEXT NOT NULL,
    port            INTEGER,
    endpoint        BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (deployment_id, endpoint, position)
);
CREATE UNIQUE INDEX forward_deployment_devices_name ON forward_deployment_devices(deployment_id, lower(name));
