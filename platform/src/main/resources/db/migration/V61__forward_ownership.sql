-- BYOS option A names the collector the user runs (else the profile's preferred collector).
ALTER TABLE forward_deployments ADD COLUMN collector_name TEXT;
-- A jump server replaced in Forward (host, port, user or key changed), deleted once devices moved off it.
ALTER TABLE forward_deployments ADD COLUMN retired_jump_server_id TEXT;
