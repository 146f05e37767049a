package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Every step takes the deployment id and reads what it needs (devices, secrets, cached ids) itself.
 */
@ActivityInterface
public interface ForwardSyncActivities {

  SyncPlan plan(String deploymentId);

  /**
   * Registers or reuses the collector (and deploys it in-cluster); returns its username, or null
   * for BYOS without one.
   */
  String ensureCollector(String deploymentId);

  NetworkRef ensureNetwork(String deploymentId);

  /**
   * {@link #ensureNetwork} then {@link #ensureCredentials}, in one activity: the credentials need
   * nothing but the network.
   */
  NetworkRef ensureNetworkAndCredentials(String deploymentId);

  void bindCollector(String deploymentId);

  /**
   * CLI credentials per device kind (rotated on a new fingerprint), jump server, Linux endpoint
   * profile.
   */
  void ensureCredentials(String deploymentId);

  /** Upserts batch {@code batchIndex} of the classic devices; returns how many it put. */
  int putDevices(String deploymentId, int batchIndex);

  /**
   * The device upload from batch {@code firstBatch} on: {@code parallel} batches in flight, each
   * sender taking the next batch as soon as its last is put, reading the deployment, its
   * credentials and the Forward client once. Returns after about a second (so the sync's progress
   * moves) or at the end of the inventory, with the batch the upload goes on from.
   */
  DevicesPut putDevicesFrom(String deploymentId, int firstBatch, int parallel);

  int putEndpoints(String deploymentId);

  /**
   * Deletes the network's devices and endpoints that the deployment's inventory no longer lists;
   * returns how many. Runs beside the device batches: it touches only sources the inventory lacks.
   */
  int pruneRemoved(String deploymentId);

  /** Starts a network collection; returns its collector task id, or null when none is known. */
  String startCollection(String deploymentId);

  /**
   * One look at the collection: {@code GET /collector-tasks/{taskId}}, then the snapshot it made
   * and, once processed, Forward's missing devices in it. Short; the workflow sleeps between looks,
   * except waits shorter than a durable timer can keep ({@code waitMillis}, slept here first).
   */
  CollectionState pollCollection(String deploymentId, String taskId, long waitMillis);

  /**
   * Looks at the collection after each of {@code waits} (milliseconds, slept here: waits shorter
   * than a durable timer can keep, or 0 right after one), stopping at the first look that finds it
   * done; a done collection is recorded as {@link #record} records it, in the same run.
   */
  CollectionFollowed followCollection(String deploymentId, String taskId, List<Long> waits);

  /**
   * Without following the collection: deletes rotated credentials and a replaced jump server,
   * records the task and the latest processed snapshot.
   */
  SyncResult finish(String deploymentId, String collectionTaskId);

  /**
   * After following it: deletes rotated credentials and a replaced jump server, records the task
   * and that collection's snapshot.
   */
  SyncResult record(String deploymentId, CollectionState collection);
}
