package dev.ferry.api.fort;

import dev.ferry.api.auth.AdminOnly;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterProvisioning;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortPrincipal;
import dev.ferry.fort.store.FortProviderStatus;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.HostHealth;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The cluster registry: clusters with their provider settings, hosts and principals. */
@RestController
@RequestMapping("/api/fort/clusters")
@Tag(name = "Fort")
public class FortClusterController {

  private final FortClusterRepository clusters;
  private final FortClusterProvisioning provisioning;
  private final FortStateRepository state;
  private final FortSchedules schedules;
  private final AgentCertificates agentCertificates;

  public FortClusterController(
      FortClusterRepository clusters,
      FortClusterProvisioning provisioning,
      FortStateRepository state,
      FortSchedules schedules,
      AgentCertificates agentCertificates) {
    this.clusters = clusters;
    this.provisioning = provisioning;
    this.state = state;
    this.schedules = schedules;
    this.agentCertificates = agentCertificates;
  }

  /**
   * A cluster as the API shows it: no secret, only whether each is set; what the worker last learnt
   * from pocket-id (its version, when Ferry's API key expires and whether that is soon).
   */
  public record ClusterView(
      String name,
      String domain,
      String pocketIdUrl,
      boolean hasPocketIdKey,
      String pocketIdVersion,
      OffsetDateTime pocketIdKeyExpiresAt,
      boolean pocketIdKeyExpiring,
      String forgejoUrl,
      String forgejoUser,
      boolean hasForgejoPassword,
      List<String> gitWriteHosts,
      String caCertificatePem,
      String beaconHost,
      int beaconListenPort,
      int beaconTlsPort,
      String beaconProxyRoot,
      String signingPrincipal,
      String signingPublicKey,
      int intervalSeconds,
      int removalGraceSeconds,
      int renewBeforeSeconds,
      int certificateDays,
      int tokenHours,
      String scheduleId,
      OffsetDateTime createdAt) {}

  public record HostView(
      String name, String agentUrl, String address, String publicKey, HostHealth health) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Register a cluster; Ferry creates its agent signing key (and a CA unless one is given)")
  @AdminOnly
  public ClusterView create(@Valid @RequestBody FortRequests.CreateCluster body) {
    if (clusters.exists(body.name())) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "cluster '" + body.name() + "' exists");
    }
    validUrl("pocketId.url", body.pocketId() == null ? null : body.pocketId().url());
    validUrl("forgejo.url", body.forgejo() == null ? null : body.forgejo().url());
    FortCluster cluster =
        provisioning.create(
            body.toNewCluster(), c -> schedules.create(c.name(), c.intervalSeconds()));
    return view(cluster);
  }

  @GetMapping
  public List<ClusterView> list() {
    return clusters.list().stream().map(this::view).toList();
  }

  @GetMapping("/{cluster}")
  public ClusterView show(@PathVariable String cluster) {
    return view(cluster(cluster));
  }

  @DeleteMapping("/{cluster}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary = "Forget a cluster and stop its schedule (delivered credentials stay on the hosts)")
  @AdminOnly
  public void delete(@PathVariable String cluster) {
    FortCluster c = cluster(cluster);
    schedules.delete(cluster);
    provisioning.delete(c);
  }

  @PatchMapping("/{cluster}/providers")
  @Operation(
      summary =
          "Change provider settings (pocket-id URL and API key, Forgejo URL, user and password,"
              + " hosts allowed read-write Forgejo tokens); what is left out stays")
  @AdminOnly
  public ClusterView updateProviders(
      @PathVariable String cluster, @Valid @RequestBody FortRequests.UpdateProviders body) {
    FortCluster current = cluster(cluster);
    if (body.pocketId() != null) {
      validUrl("pocketId.url", body.pocketId().url());
      complete("pocketId", body.pocketId().url(), current.pocketIdUrl(), "url");
      complete("pocketId", body.pocketId().apiKey(), current.pocketIdKeySecret(), "apiKey");
    }
    if (body.forgejo() != null) {
      validUrl("forgejo.url", body.forgejo().url());
      complete("forgejo", body.forgejo().url(), current.forgejoUrl(), "url");
      complete("forgejo", body.forgejo().user(), current.forgejoUser(), "user");
      complete("forgejo", body.forgejo().password(), current.forgejoPasswordSecret(), "password");
    }
    return view(provisioning.updateProviders(current, body.toSettings()));
  }

  /** A provider is set up whole: a part that is neither given nor stored is missing. */
  private static void complete(String provider, Object given, Object stored, String field) {
    if (given == null && stored == null) {
      throw new InvalidFieldException(
          provider + "." + field,
          "required: the cluster has no " + provider + " " + field + " yet");
    }
  }

  @PutMapping("/{cluster}/hosts/{host}")
  @Operation(summary = "Add or change a host (its agent URL, service address and host public key)")
  @AdminOnly
  public HostView putHost(
      @PathVariable String cluster,
      @PathVariable String host,
      @Valid @RequestBody FortRequests.PutHost body) {
    cluster(cluster);
    if (!host.matches(FortRequests.HOST)) {
      throw new InvalidFieldException("host", "letters, digits, '.', '_' and '-'");
    }
    URI agent = validUrl("agentUrl", body.agentUrl());
    String address =
        body.address() == null || body.address().isBlank() ? agent.getHost() : body.address();
    clusters.upsertHost(new FortHost(cluster, host, body.agentUrl(), address, body.publicKey()));
    return hostView(clusters.host(cluster, host).orElseThrow(), healthByHost(cluster));
  }

  /**
   * Bootstraps a host's agent certificate: the host keeps its key and sends a CSR; the answer holds
   * only certificates. Ferry renews it through the agent from then on.
   */
  @PostMapping("/{cluster}/hosts/{host}/agent-certificate")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Sign the host's certificate signing request with the cluster CA for its agent name"
              + " (<host>.fort.<domain>); the agent serves it, Ferry's client checks it")
  @AdminOnly
  public AgentCertificates.Issued agentCertificate(
      @PathVariable String cluster,
      @PathVariable String host,
      @Valid @RequestBody FortRequests.AgentCertificateRequest body) {
    FortCluster c = cluster(cluster);
    FortHost h =
        clusters
            .host(cluster, host)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no host '" + host + "' in '" + cluster + "'"));
    try {
      return agentCertificates.issue(c, h, body.csrPem());
    } catch (AgentCertificates.BadRequest e) {
      throw new InvalidFieldException(e.field(), e.getMessage());
    }
  }

  @GetMapping("/{cluster}/hosts")
  @Operation(summary = "Hosts with their health: last manifest read, agent reachable, last failure")
  public List<HostView> hosts(@PathVariable String cluster) {
    cluster(cluster);
    Map<String, HostHealth> health = healthByHost(cluster);
    return clusters.hosts(cluster).stream().map(h -> hostView(h, health)).toList();
  }

  @DeleteMapping("/{cluster}/hosts/{host}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary = "Remove a host; refused while it holds delivered credentials unless forget=true")
  @AdminOnly
  public void deleteHost(
      @PathVariable String cluster,
      @PathVariable String host,
      @RequestParam(defaultValue = "false") boolean forget) {
    // the agent certificate is not revoked anywhere: it goes with the host
    long delivered =
        state.fulfilments(cluster, host).stream()
            .filter(f -> !AgentCertificates.NEED.equals(f.need()))
            .count();
    if (delivered > 0 && !forget) {
      // removing the row would orphan OIDC clients, tokens and proxy entries: revoke through the
      // manifest first
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          host
              + " still holds "
              + delivered
              + " delivered credentials or proxy entries; remove its services from the manifest and let a cycle "
              + "revoke them, or pass forget=true to drop the state without revoking");
    }
    if (!clusters.deleteHost(cluster, host)) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "no host '" + host + "' in '" + cluster + "'");
    }
  }

  @PutMapping("/{cluster}/principals/{principal}")
  @AdminOnly
  public FortPrincipal putPrincipal(
      @PathVariable String cluster,
      @PathVariable String principal,
      @Valid @RequestBody FortRequests.PutPrincipal body) {
    cluster(cluster);
    if (!principal.matches(FortRequests.HOST)) {
      throw new InvalidFieldException("principal", "letters, digits, '.', '_' and '-'");
    }
    if (FortCluster.PRINCIPAL.equals(principal)) {
      throw new InvalidFieldException(
          "principal", "'" + principal + "' is Ferry's own key and managed by Ferry");
    }
    clusters.upsertPrincipal(
        new FortPrincipal(cluster, principal, body.publicKeys(), body.roles()));
    return clusters.principals(cluster).stream()
        .filter(p -> p.name().equals(principal))
        .findFirst()
        .orElseThrow();
  }

  @GetMapping("/{cluster}/principals")
  public List<FortPrincipal> principals(@PathVariable String cluster) {
    cluster(cluster);
    return clusters.principals(cluster);
  }

  @DeleteMapping("/{cluster}/principals/{principal}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @AdminOnly
  public void deletePrincipal(@PathVariable String cluster, @PathVariable String principal) {
    if (FortCluster.PRINCIPAL.equals(principal)) {
      throw new InvalidFieldException("principal", "Ferry's own principal cannot be removed");
    }
    if (!clusters.deletePrincipal(cluster, principal)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no principal '" + principal + "'");
    }
  }

  /** The principals section of the agents' cluster file, ready to install on every host. */
  @GetMapping("/{cluster}/agent-cluster-file")
  @Operation(summary = "The cluster file for the agents: principals with keys and roles")
  public Map<String, Object> agentClusterFile(@PathVariable String cluster) {
    cluster(cluster);
    Map<String, Object> principals = new LinkedHashMap<>();
    for (FortPrincipal p : clusters.principals(cluster)) {
      principals.put(p.name(), Map.of("publicKeys", p.publicKeys(), "roles", p.roles()));
    }
    return Map.of("principals", principals);
  }

  private ClusterView view(FortCluster c) {
    Optional<FortProviderStatus> status = clusters.providerStatus(c.name());
    return new ClusterView(
        c.name(),
        c.domain(),
        c.pocketIdUrl(),
        c.pocketIdKeySecret() != null,
        status.map(FortProviderStatus::pocketIdVersion).orElse(null),
        status.map(FortProviderStatus::pocketIdKeyExpiresAt).orElse(null),
        status.map(st -> st.keyExpiring(OffsetDateTime.now())).orElse(false),
        c.forgejoUrl(),
        c.forgejoUser(),
        c.forgejoPasswordSecret() != null,
        clusters.gitWriteHosts(c.name()),
        c.caCertificatePem(),
        c.beaconHost(),
        c.beaconListenPort(),
        c.beaconTlsPort(),
        c.beaconProxyRoot(),
        FortCluster.PRINCIPAL,
        c.signingPublicKey(),
        c.intervalSeconds(),
        c.removalGraceSeconds(),
        c.renewBeforeSeconds(),
        c.certificateDays(),
        c.tokenHours(),
        ReconcileClusterWorkflow.scheduleId(c.name()),
        c.createdAt());
  }

  private FortCluster cluster(String name) {
    return clusters
        .find(name)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no cluster '" + name + "'"));
  }

  private Map<String, HostHealth> healthByHost(String cluster) {
    return state.health(cluster).stream()
        .collect(Collectors.toMap(HostHealth::host, Function.identity()));
  }

  private static HostView hostView(FortHost h, Map<String, HostHealth> health) {
    return new HostView(h.name(), h.agentUrl(), h.address(), h.publicKey(), health.get(h.name()));
  }

  private static URI validUrl(String field, String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "an http(s) URL");
    }
  }
}
