package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortProviderStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Learns pocket-id's version and when Ferry's API key expires (pocket-id keys always expire), at
 * most every {@link #EVERY}, and reports a key that expires within {@link
 * FortProviderStatus#KEY_WARNING} in the audit before it stops working. Never fails the cycle.
 */
@Component
class PocketIdKeyCheck {

  static final Duration EVERY = Duration.ofHours(6);
  private static final Logger LOG = LoggerFactory.getLogger(PocketIdKeyCheck.class);

  private final FortClusterRepository clusters;
  private final FortTargets targets;
  private final FortAuditLog audit;

  PocketIdKeyCheck(FortClusterRepository clusters, FortTargets targets, FortAuditLog audit) {
    this.clusters = clusters;
    this.targets = targets;
    this.audit = audit;
  }

  void checkIfDue(FortCluster cluster) {
    if (cluster.pocketIdUrl() == null || cluster.pocketIdKeySecret() == null) {
      return;
    }
    boolean due =
        clusters
            .providerStatus(cluster.name())
            .map(s -> s.checkedAt().toInstant().plus(EVERY).isBefore(Instant.now()))
            .orElse(true);
    if (!due) {
      return;
    }
    try {
      PocketIdClient pocketId = targets.pocketId(cluster);
      OffsetDateTime expires =
          pocketId.apiKeyExpiry().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null);
      clusters.recordProviderStatus(cluster.name(), pocketId.version(), expires);
      if (expires != null
          && expires.toInstant().isBefore(Instant.now().plus(FortProviderStatus.KEY_WARNING))) {
        audit.record(
            cluster.name(),
            null,
            null,
            "pocket-id.key",
            "warning",
            "the pocket-id API key expires at "
                + expires
                + "; set a new one with PATCH /api/fort/clusters/"
                + cluster.name()
                + "/providers (ferry fort providers)");
      }
    } catch (RuntimeException e) { // e.g. pocket-id down or the key already refused
      LOG.warn("pocket-id key check for {} failed: {}", cluster.name(), e.getMessage());
      clusters.recordProviderStatus(cluster.name(), null, null);
      audit.record(
          cluster.name(), null, null, "pocket-id.key", "failed", "check failed: " + e.getMessage());
    }
  }
}
