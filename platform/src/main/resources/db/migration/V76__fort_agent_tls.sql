-- A host's agent certificate is tracked like any delivered need, so the providers renew it in time.
ALTER TABLE fort_fulfilments DROP CONSTRAINT fort_fulfilments_need_check;
ALTER TABLE fort_fulfilments ADD CONSTRAINT fort_fulfilments_need_check
    CHECK (need IN ('oidc', 'tls', 'git-token', 'proxy', 'agent-tls'));
