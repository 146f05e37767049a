-- Foreman instances Ferry talks to. The personal access token (or password) lives in secrets(id).
CREATE TABLE foreman_configs (
    id                  UUID PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    base_url            TEXT NOT NULL,
    username            TEXT NOT NULL,
    secret_id           UUID NOT NULL REFERENCES secrets(id),
    verify_tls          BOOLEAN NOT NULL DEFAULT true,
    ca_bundle_pem       TEXT,
    connect_timeout_ms  INTEGER NOT NULL,
    read_timeout_ms     INTEGER NOT NULL,
    hypervisor_search   TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Connection test results, newest first per config; the activity keeps only the last few.
CREATE TABLE foreman_test_results (
    id                   TEXT PRIMARY KEY,             -- the workflow run that produced it (idempotent insert)
    config_id            UUID NOT NULL REFERENCES foreman_configs(id) ON DELETE CASCADE,
    tested_at            TIMESTAMPTZ NOT NULL,
    outcome              TEXT NOT NULL,
    message              TEXT NOT NULL,
    foreman_version      TEXT,
    latency_ms           BIGINT,
    missing_permissions  TEXT[] NOT NULL DEFAULT '{}'
);
CREATE INDEX foreman_test_results_config ON foreman_test_results(config_id, tested_at DESC);

-- One inventory run for one (config, search). Readers only see snapshots with completed_at set.
CREATE TABLE foreman_snapshots (
    id                 UUID PRIMARY KEY,
    config_id          UUID NOT NULL REFERENCES foreman_configs(id) ON DELETE CASCADE,
    search             TEXT NOT NULL,                  -- '' = all hosts
    started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at       TIMESTAMPTZ,
    host_count         INTEGER NOT NULL DEFAULT 0,
    hypervisor_count   INTEGER NOT NULL DEFAULT 0,
    foreman_version    TEXT
);
CREATE INDEX foreman_snapshots_lookup ON foreman_snapshots(config_id, search, completed_at DESC);

CREATE TABLE foreman_hosts (
    snapshot_id  UUID NOT NULL REFERENCES foreman_snapshots(id) ON DELETE CASCADE,
    host_id      BIGINT NOT NULL,
    name         TEXT NOT NULL,
    data         JSON NOT NULL,                        -- the host object exactly as Foreman returned it (json: cheaper to write than jsonb; only read back whole or via ->>)
    PRIMARY KEY (snapshot_id, host_id)
);

CREATE TABLE foreman_hypervisors (
    snapshot_id    UUID NOT NULL REFERENCES foreman_snapshots(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('compute_resource', 'bare_metal')),
    foreman_id     BIGINT NOT NULL,
    name           TEXT NOT NULL,
    provider       TEXT,                               -- compute resource provider; NULL for bare metal
    detail         TEXT,                               -- URL of the manager, or the host's OS
    host_count     INTEGER,                            -- hypervisor hosts behind a compute resource, when known
    vm_count       INTEGER,                            -- hosts in this snapshot placed on it
    PRIMARY KEY (snapshot_id, kind, foreman_id)
);
