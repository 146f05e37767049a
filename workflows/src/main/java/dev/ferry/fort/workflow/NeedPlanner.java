package dev.ferry.fort.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives every host's needs from its manifest digest and compares them with what was delivered.
 * Pure and deterministic, so it runs in workflow code: the same snapshot and clock always give the
 * same plan.
 */
public final class NeedPlanner {

  /** Git tokens belong to the host, not to a service; their state rows use this service name. */
  public static final String GIT_SERVICE = "forgejo";

  /** The agent certificate's state row uses this service name. */
  public static final String AGENT_SERVICE = "agent";

  private NeedPlanner() {}

  /** Tasks per host, only for reachable hosts with something to do, in host order. */
  public static Map<String, List<NeedTask>> plan(ClusterSnapshot snapshot, long nowEpochSecond) {
    Map<String, Map<String, FulfilmentDigest>> delivered = new HashMap<>();
    for (FulfilmentDigest f : snapshot.fulfilments()) {
      delivered
          .computeIfAbsent(f.host(), h -> new LinkedHashMap<>())
          .put(key(f.service(), f.need()), f);
    }
    Map<String, List<NeedTask>> plan = new LinkedHashMap<>();
    for (HostDigest host : snapshot.hosts()) {
      if (!host.reachable()) {
        continue; // never revoke or deliver on the strength of a failed read
      }
      List<NeedTask> tasks =
          planHost(
              host,
              delivered.getOrDefault(host.host(), Map.of()),
              snapshot.policy(),
              nowEpochSecond);
      if (!tasks.isEmpty()) {
        plan.put(host.host(), tasks);
      }
    }
    return plan;
  }

  private static List<NeedTask> planHost(
      HostDigest host, Map<String, FulfilmentDigest> delivered, ProviderPolicy policy, long now) {
    List<NeedTask> tasks = new ArrayList<>();
    Map<String, Boolean> wanted = new HashMap<>();
    for (ServiceDeclaration s : host.services()) {
      if (s.needsOidc() && policy.pocketIdConfigured()) {
        String groups = s.groups().isEmpty() ? "" : ";groups=" + String.join(",", s.groups());
        ensure(
            tasks,
            wanted,
            delivered,
            s.name(),
            Need.OIDC,
            "client=" + s.fqdn() + groups,
            s,
            0,
            now);
      }
      ensure(
          tasks,
          wanted,
          delivered,
          s.name(),
          Need.TLS,
          "dns=" + s.fqdn(),
          s,
          policy.certificateRenewBeforeSeconds(),
          now);
      if (s.publiclyExposed() && policy.beaconConfigured() && s.port() != null) {
        ensure(
            tasks,
            wanted,
            delivered,
            s.name(),
            Need.PROXY,
            "https=" + s.fqdn() + ";upstream=" + host.address() + ":" + s.port(),
            s,
            policy.certificateRenewBeforeSeconds(), // the beacon's certificate for the name
            now);
      }
    }
    if (host.gitTokenAccess() != null && policy.forgejoConfigured()) {
      ensure(
          tasks,
          wanted,
          delivered,
          GIT_SERVICE,
          Need.GIT_TOKEN,
          "access=" + host.gitTokenAccess(),
          null,
          policy.tokenRenewBeforeSeconds(),
          now);
    }
    FulfilmentDigest agentCertificate = delivered.get(key(AGENT_SERVICE, Need.AGENT_TLS.id()));
    if (agentCertificate != null) {
      // Issued at bootstrap (the host's key never left it); from then on renewed like any
      // certificate, and never revoked: without it the agent cannot be reached at all.
      ensure(
          tasks,
          wanted,
          delivered,
          AGENT_SERVICE,
          Need.AGENT_TLS,
          agentCertificate.fingerprint(),
          null,
          policy.certificateRenewBeforeSeconds(),
          now);
    }
    for (FulfilmentDigest f : delivered.values()) {
      if (wanted.containsKey(key(f.service(), f.need()))) {
        continue;
      }
      boolean serviceStillDeclared = f.goneSince() == null;
      // A service that left the manifest keeps its credentials for the grace period (it may come
      // back); a need the service no longer declares (e.g. visibility changed) is withdrawn at
      // once.
      if (serviceStillDeclared || now - f.goneSince() >= policy.removalGraceSeconds()) {
        tasks.add(
            new NeedTask(
                f.service(),
                Need.fromId(f.need()),
                NeedTask.Action.REVOKE,
                f.fingerprint(),
                null,
                "removed"));
      }
    }
    return tasks;
  }

  private static void ensure(
      List<NeedTask> tasks,
      Map<String, Boolean> wanted,
      Map<String, FulfilmentDigest> delivered,
      String service,
      Need need,
      String fingerprint,
      ServiceDeclaration declaration,
      long renewBefore,
      long now) {
    wanted.put(key(service, need.id()), true);
    FulfilmentDigest current = delivered.get(key(service, need.id()));
    String reason;
    if (current == null) {
      reason = "new";
    } else if (current.rotateRequested()) {
      reason = "rotation";
    } else if (!current.fingerprint().equals(fingerprint)) {
      reason = "changed";
    } else if (current.expiresAt() != null && current.expiresAt() - now <= renewBefore) {
      reason = "expiring";
    } else {
      return;
    }
    tasks.add(
        new NeedTask(service, need, NeedTask.Action.ENSURE, fingerprint, declaration, reason));
  }

  private static String key(String service, String need) {
    return service + "/" + need;
  }
}
