-- Fort: clusters of hosts running the Ferry agent, the providers' settings, and what was fulfilled.
-- Secrets (API keys, tokens, private keys) live in secrets(id); these tables hold only their ids.
CREATE TABLE fort_clusters (
    name                     TEXT PRIMARY KEY,
    domain                   TEXT NOT NULL,
    pocket_id_url            TEXT,
    pocket_id_key_secret     UUID REFERENCES secrets(id),
    forgejo_url              TEXT,
    forgejo_user             TEXT,
    forgejo_token_secret     UUID REFERENCES secrets(id),
    ca_certificate_pem       TEXT NOT NULL,
    ca_key_secret            UUID NOT NULL REFERENCES secrets(id),
    beacon_host              TEXT,
    beacon_listen_port       INT NOT NULL DEFAULT 80,
    signing_key_secret       UUID NOT NULL REFERENCES secrets(id),
    signing_public_key       TEXT NOT NULL,
    interval_seconds         INT NOT NULL DEFAULT 60,
    removal_grace_seconds    INT NOT NULL DEFAULT 3600,
    renew_before_seconds     INT NOT NULL DEFAULT 2592000,
    certificate_days         INT NOT NULL DEFAULT 90,
    token_hours              INT NOT NULL DEFAULT 24,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE fort_hosts (
    cluster       TEXT NOT NULL REFERENCES fort_clusters(name) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    agent_url     TEXT NOT NULL,
    address       TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster, name)
);

CREATE TABLE fort_principals (
    cluster       TEXT NOT NULL REFERENCES fort_clusters(name) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    public_keys   TEXT[] NOT NULL,
    roles         TEXT[] NOT NULL,
    PRIMARY KEY (cluster, name)
);

-- Written by every cycle's manifest read: is the agent answering, and what went wrong last.
CREATE TABLE fort_host_health (
    cluster            TEXT NOT NULL,
    host               TEXT NOT NULL,
    reachable          BOOLEAN NOT NULL,
    last_manifest_at   TIMESTAMPTZ,
    last_checked_at    TIMESTAMPTZ NOT NULL,
    last_failure       TEXT,
    last_failure_at    TIMESTAMPTZ,
    PRIMARY KEY (cluster, host),
    FOREIGN KEY (cluster, host) REFERENCES fort_hosts(cluster, name) ON DELETE CASCADE
);

-- One row per delivered need: fingerprint of its inputs, expiry, the remote object it created.
CREATE TABLE fort_fulfilments (
    cluster          TEXT NOT NULL,
    host             TEXT NOT NULL,
    service          TEXT NOT NULL,
    need             TEXT NOT NULL CHECK (need IN ('oidc', 'tls', 'git-token', 'proxy')),
    fingerprint      TEXT NOT NULL,
    remote_id        TEXT,
    expires_at       TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ NOT NULL,
    gone_since       TIMESTAMPTZ,
    rotate_requested BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (cluster, host, service, need),
    FOREIGN KEY (cluster, host) REFERENCES fort_hosts(cluster, name) ON DELETE CASCADE
);

CREATE TABLE fort_audit (
    id        BIGSERIAL PRIMARY KEY,
    cluster   TEXT NOT NULL,
    host      TEXT,
    service   TEXT,
    action    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX fort_audit_cluster_at ON fort_audit(cluster, at DESC);
