-- A pipeline's Forward type for one device, over its kind's hint (checked against the OpenAPI enum).
ALTER TABLE forward_deployment_devices ADD COLUMN forward_type TEXT;

-- The SNMP placeholder credential of a deployment's network (forward-api.md §3.6); checked against
-- Forward on every sync, so a stale id is replaced, not trusted.
CREATE TABLE forward_deployment_snmp (
    deployment_id UUID PRIMARY KEY REFERENCES forward_deployments (id) ON DELETE CASCADE,
    forward_id    TEXT NOT NULL
);
