package dev.ferry.fort.activity;

import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.Fulfilment;
import dev.ferry.fort.workflow.ForgeActivities;
import dev.ferry.fort.workflow.HostWork;
import dev.ferry.fort.workflow.Need;
import dev.ferry.fort.workflow.NeedPlanner;
import dev.ferry.fort.workflow.NeedTask;
import dev.ferry.fort.workflow.ServiceDeclaration;
import dev.ferry.fort.workflow.TaskOutcome;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForgeActivitiesImpl implements ForgeActivities {

  /** Credential types as configured on the agents: where each kind of file lands. */
  static final String OIDC_TYPE = "oidc";

  static final String TLS_TYPE = "tls";
  static final String GIT_TYPE = "git";

  /**
   * Where the agent keeps its own certificate: the agent's {@code tls.certFile} and {@code
   * tls.keyFile} point at {@code <root>/agent/fullchain.pem} and {@code <root>/agent/key.pem}.
   */
  static final String AGENT_TLS_TYPE = "agent-tls";

  private final FortTargets targets;
  private final FortStateRepository state;
  private final FortAuditLog audit;
  private final CertificateIssuer issuer;

  public ForgeActivitiesImpl(
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
  public TaskOutcome ensureOidcClient(HostWork work, NeedTask task) {
    FortCluster cluster = targets.cluster(work.cluster());
    FortHost host = targets.host(work.cluster(), work.host());
    ServiceDeclaration service = task.service();
    PocketIdClient pocketId = targets.pocketId(cluster);
    List<String> callbacks = List.of("https://" + service.fqdn() + "/oauth2/callback");
    Optional<Fulfilment> current =
        state.fulfilment(work.cluster(), work.host(), service.name(), Need.OIDC.id());

    String clientName = PocketIdClient.clientName(service.fqdn());
    boolean restricted = !service.groups().isEmpty();
    // Bound by identity: only the client whose id Ferry stored for this (host, service) is ever
    // reused. Never one found by its name: names come from manifests, so a name match could be
    // another host's client (or one nobody made for Ferry).
    Optional<PocketIdClient.OidcClient> existing =
        current
            .map(Fulfilment::remoteId)
            .filter(pocketId::exists)
            .map(id -> new PocketIdClient.OidcClient(id, clientName));
    PocketIdClient.OidcClient client;
    if (existing.isPresent()) {
      client = existing.get();
      pocketId.update(client.id(), clientName, callbacks, restricted);
      syncGroups(pocketId, client, service);
      boolean secretStillDelivered =
          current.isPresent()
              && client.id().equals(current.get().remoteId())
              && !current.get().rotateRequested();
      if (secretStillDelivered) {
        state.fulfilled(
            work.cluster(),
            work.host(),
            service.name(),
            Need.OIDC.id(),
            task.fingerprint(),
            client.id(),
            null);
        audit.record(
            work.cluster(),
            work.host(),
            service.name(),
            "oidc.update",
            "ok",
            "client " + client.id());
        return outcome(task, "unchanged", "client " + client.id() + " updated");
      }
    } else {
      client = pocketId.create(clientName, callbacks, restricted);
      // bound before anything else can fail, so a retry reuses this client instead of making
      // another
      state.bound(work.cluster(), work.host(), service.name(), Need.OIDC.id(), client.id());
      syncGroups(pocketId, client, service);
    }
    // a secret is only ever shown once: (re)issue it and hand it straight to the host
    PocketIdClient.IssuedSecret secret = pocketId.issueSecret(client.id());
    AgentClient agent = targets.agent(cluster, host);
    AgentClient.WriteResult written =
        RemoteException.failingActivity(
            () ->
                agent.writeCredential(
                    OIDC_TYPE,
                    service.name(),
                    FortTargets.files("client-id", client.id(), "client-secret", secret.value())));
    if (written == AgentClient.WriteResult.WRITTEN) {
      RemoteException.failingActivity(
          () -> {
            agent.signal(service.restartUnit(), "restart");
            return null;
          });
    }
    pocketId.retire(client.id(), secret); // only now that the host holds the new one
    state.fulfilled(
        work.cluster(),
        work.host(),
        service.name(),
        Need.OIDC.id(),
        task.fingerprint(),
        client.id(),
        null);
    String action = existing.isPresent() ? "oidc.rotate" : "oidc.create";
    audit.record(
        work.cluster(),
        work.host(),
        service.name(),
        action,
        "ok",
        "client " + client.id() + ", delivered, restarted " + service.restartUnit());
    return outcome(task, "delivered", "client " + client.id());
  }

  @Override
  public TaskOutcome ensureCertificate(HostWork work, NeedTask task) {
    ServiceDeclaration service = task.service();
    return deliverCertificate(
        work, task, TLS_TYPE, service.name(), service.fqdn(), task.fingerprint(), "tls.issue");
  }

  /**
   * Sent over the connection the current agent certificate authenticated; the agent serves the new
   * pair to new connections (it re-reads its TLS files when they change), an nginx in front of it
   * after the reload.
   */
  @Override
  public TaskOutcome ensureAgentCertificate(HostWork work, NeedTask task) {
    String name = AgentCertificates.agentName(targets.cluster(work.cluster()), work.host());
    return deliverCertificate(
        work,
        task,
        AGENT_TLS_TYPE,
        NeedPlanner.AGENT_SERVICE,
        name,
        AgentCertificates.fingerprint(name),
        "agent-tls.renew");
  }

  /**
   * Issues a certificate for {@code dnsName} from the cluster CA, writes chain and key as {@code
   * type}/{@code service} through the host's agent, reloads the host's nginx when the files
   * changed, and records the delivery.
   */
  private TaskOutcome deliverCertificate(
      HostWork work,
      NeedTask task,
      String type,
      String service,
      String dnsName,
      String fingerprint,
      String auditAction) {
    FortCluster cluster = targets.cluster(work.cluster());
    FortHost host = targets.host(work.cluster(), work.host());
    CertificateIssuer.IssuedCertificate certificate = issuer.issue(cluster, List.of(dnsName));
    AgentClient agent = targets.agent(cluster, host);
    AgentClient.WriteResult written =
        RemoteException.failingActivity(
            () ->
                agent.writeCredential(
                    type,
                    service,
                    FortTargets.files(
                        "fullchain.pem",
                        certificate.fullchainPem(),
                        "key.pem",
                        certificate.privateKeyPem())));
    if (written == AgentClient.WriteResult.WRITTEN) {
      reloadNginxIfPresent(agent);
    }
    state.fulfilled(
        work.cluster(),
        work.host(),
        service,
        task.need().id(),
        fingerprint,
        certificate.serial(),
        OffsetDateTime.ofInstant(certificate.notAfter(), ZoneOffset.UTC));
    audit.record(
        work.cluster(),
        work.host(),
        service,
        auditAction,
        "ok",
        "serial " + certificate.serial() + " for " + dnsName + " until " + certificate.notAfter());
    return outcome(task, "delivered", "serial " + certificate.serial());
  }

  @Override
  public TaskOutcome ensureGitToken(HostWork work, NeedTask task) {
    FortCluster cluster = targets.cluster(work.cluster());
    FortHost host = targets.host(work.cluster(), work.host());
    String access = work.gitTokenAccess() == null ? "ro" : work.gitTokenAccess();
    List<String> scopes = new ArrayList<>(List.of("read:repository"));
    if ("rw".equals(access)) {
      if (!targets.gitWriteHosts(cluster).contains(host.name())) {
        throw ApplicationFailure.newNonRetryableFailure(
            host.name()
                + " asks for a read-write Forgejo token but is not on the cluster's git write"
                + " allow-list (gitWriteHosts in PATCH /api/fort/clusters/"
                + cluster.name()
                + "/providers)",
            "GitWriteNotAllowed");
      }
      scopes.add("write:repository");
    }
    ForgejoClient forgejo = targets.forgejo(cluster);
    String prefix = ForgejoClient.tokenPrefix(cluster.name(), host.name());
    List<Long> replaced =
        new ArrayList<>(
            forgejo.tokensStartingWith(prefix).stream().map(ForgejoClient.Token::id).toList());
    state
        .fulfilment(work.cluster(), work.host(), NeedPlanner.GIT_SERVICE, Need.GIT_TOKEN.id())
        .map(Fulfilment::remoteId)
        .map(Long::parseLong)
        .filter(id -> !replaced.contains(id))
        .ifPresent(replaced::add); // named before Ferry used the prefix
    ForgejoClient.CreatedToken token =
        forgejo.create(prefix + access + "/" + System.currentTimeMillis(), scopes);
    AgentClient agent = targets.agent(cluster, host);
    RemoteException.failingActivity(
        () ->
            agent.writeCredential(
                GIT_TYPE,
                NeedPlanner.GIT_SERVICE,
                FortTargets.files("deploy-token", token.sha1())));
    // only now that the host holds the new token do the ones it replaces go
    replaced.forEach(forgejo::delete);
    OffsetDateTime expires =
        OffsetDateTime.now(ZoneOffset.UTC).plus(Duration.ofHours(cluster.tokenHours()));
    state.fulfilled(
        work.cluster(),
        work.host(),
        NeedPlanner.GIT_SERVICE,
        Need.GIT_TOKEN.id(),
        task.fingerprint(),
        Long.toString(token.id()),
        expires);
    audit.record(
        work.cluster(),
        work.host(),
        NeedPlanner.GIT_SERVICE,
        "git-token.issue",
        "ok",
        "token "
            + token.name()
            + " (id "
            + token.id()
            + ") until "
            + expires
            + (replaced.isEmpty() ? "" : ", replaced " + replaced.size()));
    return outcome(task, "delivered", "token " + token.name());
  }

  @Override
  public TaskOutcome revoke(HostWork work, NeedTask task) {
    FortCluster cluster = targets.cluster(work.cluster());
    FortHost host = targets.host(work.cluster(), work.host());
    Optional<Fulfilment> current =
        state.fulfilment(work.cluster(), work.host(), task.serviceName(), task.need().id());
    String remoteId = current.map(Fulfilment::remoteId).orElse(null);
    String remote = "";
    switch (task.need()) {
      case OIDC -> {
        if (remoteId != null) {
          remote =
              targets.pocketId(cluster).delete(remoteId) ? "client deleted" : "client already gone";
        }
      }
      case GIT_TOKEN -> {
        if (remoteId != null) {
          remote =
              targets.forgejo(cluster).delete(Long.parseLong(remoteId))
                  ? "token deleted"
                  : "token already gone";
        }
      }
      default -> remote = "";
    }
    String type =
        switch (task.need()) {
          case OIDC -> OIDC_TYPE;
          case TLS -> TLS_TYPE;
          case GIT_TOKEN -> GIT_TYPE;
          case AGENT_TLS -> AGENT_TLS_TYPE;
          case PROXY ->
              throw new IllegalArgumentException("proxy entries are removed by the beacon");
        };
    AgentClient agent = targets.agent(cluster, host);
    AgentClient.DeleteResult deleted =
        RemoteException.failingActivity(() -> agent.deleteCredential(type, task.serviceName()));
    state.forget(work.cluster(), work.host(), task.serviceName(), task.need().id());
    String detail =
        (remote.isEmpty() ? "" : remote + ", ") + "files " + deleted.name().toLowerCase();
    audit.record(
        work.cluster(),
        work.host(),
        task.serviceName(),
        task.need().id() + ".revoke",
        "ok",
        detail);
    return outcome(task, "revoked", detail);
  }

  /**
   * Restricts sign-in to the declared groups; a group missing in pocket-id is a manifest error, not
   * retried.
   */
  private static void syncGroups(
      PocketIdClient pocketId, PocketIdClient.OidcClient client, ServiceDeclaration service) {
    List<String> ids = new ArrayList<>();
    for (String group : service.groups()) {
      ids.add(
          pocketId
              .findGroupId(group)
              .orElseThrow(
                  () ->
                      ApplicationFailure.newNonRetryableFailure(
                          "pocket-id has no user group '"
                              + group
                              + "' (sso.groups of "
                              + service.name()
                              + ")",
                          "UnknownGroup")));
    }
    pocketId.setAllowedGroups(client.id(), ids);
  }

  /** Certificates are read by the host's nginx; hosts without one (no such unit) need no reload. */
  private static void reloadNginxIfPresent(AgentClient agent) {
    try {
      agent.signal("nginx", "reload");
    } catch (RemoteException e) {
      if (e.kind() != FailureKind.NOT_FOUND) { // else: no nginx on this host
        throw e.toFailure();
      }
    }
  }

  private static TaskOutcome outcome(NeedTask task, String result, String detail) {
    return new TaskOutcome(
        task.serviceName(), task.need().id(), task.action().name().toLowerCase(), result, detail);
  }
}
