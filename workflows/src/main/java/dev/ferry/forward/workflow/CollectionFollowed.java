package dev.ferry.forward.workflow;

/**
 * What one run of {@link ForwardSyncActivities#followCollection} saw: the collection's state after
 * its last look, and, once that is done, the sync's result as {@link ForwardSyncActivities#record}
 * gives it (null while the collection goes on).
 */
public record CollectionFollowed(CollectionState state, SyncResult result) {}
