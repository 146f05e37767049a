package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.workflow.BeaconActivities;
import dev.ferry.fort.workflow.HostWork;
import dev.ferry.fort.workflow.Need;
import dev.ferry.fort.workflow.NeedTask;
import dev.ferry.fort.workflow.ServiceDeclaration;
import dev.ferry.fort.workflow.TaskOutcome;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes one entry per public service on the beacon host (credential type {@code proxy}, entry
 * {@code <service>.<host>}: {@code server.conf}, included by the beacon's nginx, with the
 * certificate and key it terminates TLS with) and reloads nginx when it changed. The beacon's agent
 * checks each change with {@code nginx -t} (its proxy type's {@code check}) and undoes one that
 * fails, so a reload only ever loads a config that passed; the refusal fails this task.
 */
@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class BeaconActivitiesImpl implements BeaconActivities {

  static final String PROXY_TYPE = "proxy";
  static final String NGINX_UNIT = "nginx";

  private final FortTargets targets;
  private final FortStateRepository state;
  private final FortAuditLog audit;
  private final CertificateIssuer issuer;

  public BeaconActivitiesImpl(
      FortTargets targets,
      FortStateRepository state,
      FortAuditLog audit,
      CertificateIssuer issuer) {
    this.targets = targets;
    this.state = state;
    this.audit = audit;
    this.issuer = issuer;
  }

  @Override
  public TaskOutcome ensureProxy(HostWork work, NeedTask task) {
    FortCluster cluster = targets.cluster(work.cluster());
    ServiceDeclaration service = task.service();
    String entry = entry(work.host(), service.name());
    NginxServerBlock.Entry block;
    try {
      block =
          new NginxServerBlock.Entry(
              service.fqdn(),
              cluster.beaconListenPort(),
              cluster.beaconTlsPort(),
              work.address(),
              service.port(),
              cluster.beaconProxyRoot() + "/" + entry);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "proxy entry refused: " + e.getMessage(), "ProxyRefused");
    }
    AgentClient beacon = beacon(cluster);
    CertificateIssuer.IssuedCertificate certificate =
        issuer.issue(cluster, List.of(service.fqdn()));
    AgentClient.WriteResult written =
        RemoteException.failingActivity(
            () ->
                beacon.writeCredential(
                    PROXY_TYPE,
                    entry,
                    FortTargets.files(
                        NginxServerBlock.CERTIFICATE,
                        certificate.fullchainPem(),
                        NginxServerBlock.KEY,
                        certificate.privateKeyPem(),
                        NginxServerBlock.CONFIG,
                        NginxServerBlock.render(block))));
    if (written == AgentClient.WriteResult.WRITTEN) {
      reload(beacon);
    }
    state.fulfilled(
        work.cluster(),
        work.host(),
        service.name(),
        Need.PROXY.id(),
        task.fingerprint(),
        cluster.beaconHost(),
        OffsetDateTime.ofInstant(certificate.notAfter(), ZoneOffset.UTC));
    audit.record(
        work.cluster(),
        work.host(),
        service.name(),
        "proxy.configure",
        "ok",
        "https://"
            + service.fqdn()
            + " -> "
            + work.address()
            + ":"
            + service.port()
            + " on "
            + cluster.beaconHost()
            + ", certificate serial "
            + certificate.serial()
            + (written == AgentClient.WriteResult.WRITTEN ? ", nginx reloaded" : ", unchanged"));
    return new TaskOutcome(
        service.name(),
        Need.PROXY.id(),
        "ensure",
        written == AgentClient.WriteResult.WRITTEN ? "delivered" : "unchanged",
        service.fqdn());
  }

  @Override
  public TaskOutcome removeProxy(HostWork work, NeedTask task) {
    FortCluster cluster = targets.cluster(work.cluster());
    AgentClient beacon = beacon(cluster);
    AgentClient.DeleteResult deleted =
        RemoteException.failingActivity(
            () -> beacon.deleteCredential(PROXY_TYPE, entry(work.host(), task.serviceName())));
    if (deleted == AgentClient.DeleteResult.DELETED) {
      reload(beacon);
    }
    state.forget(work.cluster(), work.host(), task.serviceName(), Need.PROXY.id());
    audit.record(
        work.cluster(),
        work.host(),
        task.serviceName(),
        "proxy.remove",
        "ok",
        "entry " + deleted.name().toLowerCase() + " on " + cluster.beaconHost());
    return new TaskOutcome(
        task.serviceName(), Need.PROXY.id(), "revoke", "revoked", deleted.name().toLowerCase());
  }

  /**
   * One directory per service and host, so two hosts may expose services of the same name (their
   * names are bound to one of them, see {@code ClaimedNames}).
   */
  static String entry(String host, String service) {
    return service + "." + host;
  }

  private AgentClient beacon(FortCluster cluster) {
    if (cluster.beaconHost() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster has no beacon host", "NotConfigured");
    }
    return targets.agent(cluster, targets.host(cluster.name(), cluster.beaconHost()));
  }

  private static void reload(AgentClient beacon) {
    RemoteException.failingActivity(
        () -> {
          beacon.signal(NGINX_UNIT, "reload");
          return null;
        });
  }
}
