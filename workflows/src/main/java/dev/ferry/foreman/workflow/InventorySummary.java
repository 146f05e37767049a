package dev.ferry.foreman.workflow;

import java.util.UUID;

/**
 * Only counts and the snapshot id travel through history; the hosts themselves live in PostgreSQL.
 */
public record InventorySummary(
    UUID snapshotId, int hostCount, int hypervisorCount, int pages, String foremanVersion) {}
