-- BYOS option B: the SSH bastion Ferry runs in the cluster for a tenant (a user, or a workspace by
-- setting), its key pair (private key sealed in secrets), and where Forward reaches it.
CREATE TABLE forward_bastions (
    id                      UUID PRIMARY KEY,
    tenant                  TEXT NOT NULL UNIQUE,
    name                    TEXT NOT NULL UNIQUE,
    private_key_secret_id   UUID NOT NULL REFERENCES secrets(id),
    public_key              TEXT NOT NULL,
    key_rotated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    host                    TEXT,
    port                    INTEGER,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A deployment that asked for the Ferry bastion; bastion_id is set by its first sync.
CREATE TABLE forward_bastion_deployments (
    deployment_id   UUID PRIMARY KEY REFERENCES forward_deployments(id) ON DELETE CASCADE,
    bastion_id      UUID REFERENCES forward_bastions(id)
);
CREATE INDEX forward_bastion_deployments_bastion ON forward_bastion_deployments (bastion_id);
