-- Fort: names bound to the (host, service) that first claimed them, refused manifest declarations, and the
-- beacon's TLS settings.

-- A public name belongs to one (host, service) of its cluster. The first claimant keeps it; another host gets it
-- only through an explicit transfer. Released when its host stops declaring it and nothing is left in grace.
CREATE TABLE fort_names (
    cluster     TEXT NOT NULL,
    fqdn        TEXT NOT NULL,
    host        TEXT NOT NULL,
    service     TEXT NOT NULL,
    claimed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster, fqdn),
    FOREIGN KEY (cluster, host) REFERENCES fort_hosts(cluster, name) ON DELETE CASCADE
);

-- Existing clusters: whoever holds a certificate for a name claimed it first (oldest delivery wins).
INSERT INTO fort_names (cluster, fqdn, host, service, claimed_at)
SELECT DISTINCT ON (cluster, substr(fingerprint, 5)) cluster, substr(fingerprint, 5), host, service, delivered_at
FROM fort_fulfilments
WHERE need = 'tls' AND fingerprint LIKE 'dns=%'
ORDER BY cluster, substr(fingerprint, 5), delivered_at, host;

-- Declarations the last manifest read refused, with the reason (what API, CLI and audit report).
CREATE TABLE fort_refusals (
    cluster     TEXT NOT NULL,
    host        TEXT NOT NULL,
    service     TEXT NOT NULL,
    fqdn        TEXT,
    reason      TEXT NOT NULL,
    since       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster, host, service),
    FOREIGN KEY (cluster, host) REFERENCES fort_hosts(cluster, name) ON DELETE CASCADE
);

-- The beacon terminates TLS: the port it serves HTTPS on, and the directory its agent writes proxy entries to
-- (server blocks name their certificate files by absolute path).
ALTER TABLE fort_clusters ADD COLUMN beacon_tls_port INT NOT NULL DEFAULT 443;
ALTER TABLE fort_clusters ADD COLUMN beacon_proxy_root TEXT NOT NULL DEFAULT '/var/lib/fort/proxy';
