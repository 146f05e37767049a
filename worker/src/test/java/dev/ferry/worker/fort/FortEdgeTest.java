package dev.ferry.worker.fort;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.AuditEntry;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortNames;
import dev.ferry.fort.store.FortRefusals;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.ServiceRefusal;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.worker.FerryWorkerApplication;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster's edge against hostile manifests, end to end: real worker, Temporal dev server,
 * PostgreSQL, agents, sandboxes, and a real nginx whose changes the beacon's agent checks with
 * {@code nginx -t}.
 */
@SpringBootTest(
    classes = FerryWorkerApplication.class,
    properties = {"server.port=0", "ferry.fort.agent-timeout=3s"})
class FortEdgeTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FortWorld.register(registry, TEMPORAL);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired FortClusterRepository clusters;
  @Autowired AgentCertificates certificates;
  @Autowired FortStateRepository state;
  @Autowired FortAuditLog audit;
  @Autowired FortRefusals refusals;
  @Autowired FortNames names;
  @Autowired SecretStore secrets;
  @Autowired WorkflowClient client;

  @Test
  void aHostileManifestIsRefusedWhileEveryOtherHostIsFulfilledInTheSameCycle() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      TestAgent web =
          world.host(
              "web",
              FortWorld.manifest(new Object[] {"wiki", world.upstream("wiki"), "public", "oidc"}));
      assertThat(world.cycle().failedHosts()).isEmpty();
      PocketIdSandbox.Client wikiClient =
          world.pocketId.clientNamed("wiki.example.test").orElseThrow();
      Map<String, String> beaconBefore = files(world.beacon.credentialRoot("proxy"));
      String webSecret = Files.readString(web.credential("oidc", "wiki", "client-secret"));
      int beaconReloads = world.beacon.signals().size();

      // one host declares every hostile name at once, next to one honest service; a third host
      // joins in the same cycle with an honest manifest
      ObjectNode manifest = JSON.createObjectNode();
      ArrayNode services = manifest.putArray("services");
      int port = world.upstream("x");
      Map<String, String> hostile = new TreeMap<>();
      hostile.put("semicolon", "a;b");
      hostile.put("braces", "a{b}");
      hostile.put("newline", "a\nserver { listen 1; }");
      hostile.put("space", "a b");
      hostile.put("long", "a".repeat(300));
      hostile.put("star", "*");
      hostile.put("thief", "wiki"); // web's name: web claimed it first
      hostile.forEach(
          (name, subdomain) ->
              services
                  .addObject()
                  .put("name", name)
                  .put("subdomain", subdomain)
                  .put("port", port)
                  .put("visibility", "public")
                  .putObject("sso")
                  .put("mode", "oidc"));
      services
          .addObject()
          .put("name", "fine")
          .put("port", world.upstream("fine"))
          .put("visibility", "public");
      TestAgent evil = world.host("evil", manifest.toString());
      TestAgent blog =
          world.host(
              "blog",
              FortWorld.manifest(new Object[] {"blog", world.upstream("blog"), "public", "none"}));

      CycleReport cycle = world.cycle();

      // refused and reported: cycle, search attribute, stored refusals, audit
      assertThat(cycle.refusedHosts()).containsExactly("evil");
      assertThat(cycle.failedHosts()).isEmpty();
      assertThat(cycle.fulfilledHosts()).containsExactlyInAnyOrder("evil", "blog");
      assertThat(
              client
                  .newUntypedWorkflowStub(world.runIds.getLast())
                  .describe()
                  .getTypedSearchAttributes()
                  .get(FerrySearchAttributes.REFUSED_HOSTS))
          .containsExactly("evil");
      assertThat(refusals.list(world.cluster, "evil"))
          .extracting(ServiceRefusal::service)
          .containsExactlyInAnyOrderElementsOf(hostile.keySet());
      assertThat(refusals.list(world.cluster, "evil"))
          .filteredOn(r -> r.service().equals("thief"))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.reason())
                      .contains("wiki.example.test belongs to service wiki on host web"));
      assertThat(audit.query(world.cluster, "evil", null, 100))
          .filteredOn(e -> e.action().equals("manifest.refuse"))
          .hasSize(hostile.size());
      // the honest hosts and the honest service are fulfilled as usual
      assertThat(world.https("blog.example.test")).isEqualTo("hello from blog");
      assertThat(world.https("fine.example.test")).isEqualTo("hello from fine");
      assertThat(blog.credential("tls", "blog", "fullchain.pem")).exists();
      // nginx: only the honest entries were added; web's entry is byte for byte what it was
      Map<String, String> beaconAfter = files(world.beacon.credentialRoot("proxy"));
      assertThat(beaconAfter.keySet())
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      beaconBefore.keySet().stream(),
                      Stream.of("blog.blog", "fine.evil")
                          .flatMap(
                              e ->
                                  Stream.of(
                                      e + "/server.conf", e + "/fullchain.pem", e + "/key.pem")))
                  .toList());
      beaconBefore.forEach((file, content) -> assertThat(beaconAfter).containsEntry(file, content));
      assertThat(String.join("\n", beaconAfter.values()))
          .doesNotContain("a;b", "a{b}", "listen 1;", "a b", "aaaaaaaa");
      assertThat(world.beacon.signals()).hasSize(beaconReloads + 2);
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki");
      // no certificate for any refused name; only the honest service got one on that host
      assertThat(list(evil.credentialRoot("tls"))).containsExactly("fine");
      assertThat(list(evil.credentialRoot("oidc"))).isEmpty();
      assertThat(audit.query(world.cluster, "evil", null, 100))
          .filteredOn(e -> e.action().equals("tls.issue"))
          .extracting(AuditEntry::service)
          .containsExactly("fine");
      // no OIDC client touched: web's client is the same, with the same secret, still on web
      assertThat(world.pocketId.clients()).containsExactly(wikiClient);
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(webSecret);
      assertThat(names.owner(world.cluster, "wiki.example.test"))
          .contains(new FortNames.Claim("web", "wiki", "wiki.example.test"));

      // a refusal is audited when it appears, not every cycle
      assertThat(world.cycle().tasks()).isZero();
      assertThat(audit.query(world.cluster, "evil", null, 100))
          .filteredOn(e -> e.action().equals("manifest.refuse"))
          .hasSize(hostile.size());
    }
  }

  @Test
  void theBeaconTerminatesTlsWithFerrysCertificateAndRedirectsHttp() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      world.host(
          "web",
          FortWorld.manifest(new Object[] {"wiki", world.upstream("wiki"), "public", "none"}));

      world.cycle();

      // HTTPS through the real nginx, verified against the cluster CA and the service's name
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki");
      // nginx reloads asynchronously: until the old workers exit, they answer with the previous
      // configuration's default server (404), so the redirect is awaited like the HTTPS entry
      String[] redirect = awaitRedirect(world, "wiki.example.test", "/some/path?q=1");
      assertThat(redirect[0]).isEqualTo("301");
      assertThat(redirect[1])
          .isEqualTo("https://wiki.example.test:" + world.nginx.tlsPort() + "/some/path?q=1");
      assertThat(Files.readString(world.beacon.credential("proxy", "wiki.web", "fullchain.pem")))
          .contains("BEGIN CERTIFICATE");
      assertThat(state.fulfilment(world.cluster, "web", "wiki", "proxy").orElseThrow().expiresAt())
          .as("the beacon's certificate is renewed like any other")
          .isNotNull();
    }
  }

  @Test
  void aChangeNginxRefusesIsNeverLoadedAndIsReported() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      world.host(
          "web",
          FortWorld.manifest(new Object[] {"wiki", world.upstream("wiki"), "public", "none"}));
      world.cycle();
      Path entry = world.beacon.credentialRoot("proxy").resolve("wiki.web");
      String before = Files.readString(entry.resolve("server.conf"));
      int reloads = world.beacon.signals().size();
      // the host moves to an address that passes every syntax rule but that nginx cannot resolve,
      // so nginx -t fails on the new server block
      FortHost web = clusters.host(world.cluster, "web").orElseThrow();
      clusters.upsertHost(
          new FortHost(
              world.cluster, "web", web.agentUrl(), "no-such-host.invalid", web.publicKey()));

      CycleReport cycle = world.cycle();

      assertThat(cycle.failedHosts()).containsExactly("web");
      assertThat(Files.readString(entry.resolve("server.conf"))).isEqualTo(before);
      assertThat(world.beacon.signals()).hasSize(reloads);
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki");
      assertThat(audit.query(world.cluster, "web", "wiki", 20))
          .filteredOn(e -> e.outcome().equals("failed"))
          .first()
          .satisfies(e -> assertThat(e.detail()).contains("check failed", "no-such-host.invalid"));
      assertThat(
              state.fulfilment(world.cluster, "web", "wiki", "proxy").orElseThrow().fingerprint())
          .as("still unmet, so the next cycle tries again")
          .contains("127.0.0.1");
    }
  }

  @Test
  void aServiceMovesToAnotherHostOnlyByAnExplicitTransfer() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      TestAgent old =
          world.host(
              "old",
              FortWorld.manifest(
                  new Object[] {"wiki", world.upstream("wiki@old"), "public", "oidc"}));
      world.cycle();
      String clientId = Files.readString(old.credential("oidc", "wiki", "client-id"));
      // the new host declares the same service: a manifest alone moves nothing
      TestAgent next =
          world.host(
              "next",
              FortWorld.manifest(
                  new Object[] {"wiki", world.upstream("wiki@next"), "public", "oidc"}));
      assertThat(world.cycle().refusedHosts()).containsExactly("next");
      assertThat(next.credential("oidc", "wiki", "client-id")).doesNotExist();
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki@old");

      assertThat(names.transfer(world.cluster, "old", "wiki", "next")).isEqualTo(1);
      CycleReport moved = world.cycle();

      // now the old host's declaration is the refused one, until its manifest drops it
      assertThat(moved.refusedHosts()).containsExactly("old");
      assertThat(moved.failedHosts()).isEmpty();
      // the same client (by the id Ferry stored), with a secret only the new host has
      assertThat(Files.readString(next.credential("oidc", "wiki", "client-id")))
          .isEqualTo(clientId);
      assertThat(world.pocketId.clients()).singleElement();
      assertThat(Files.readString(next.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(world.pocketId.clients().getFirst().secret());
      // the old host's copies are revoked at once, and the beacon sends the name to the new host
      assertThat(old.credential("oidc", "wiki", "client-id")).doesNotExist();
      assertThat(old.credential("tls", "wiki", "fullchain.pem")).doesNotExist();
      assertThat(world.beacon.credentialRoot("proxy").resolve("wiki.old")).doesNotExist();
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki@next");
      assertThat(world.cycle().tasks()).isZero();
    }
  }

  /** Every file under {@code root}, by relative path, with its content. */
  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  private static List<String> list(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The status and Location of a plain-HTTP request, once nginx stops answering 404. */
  private static String[] awaitRedirect(FortWorld world, String host, String path)
      throws Exception {
    String[] last = {"", ""};
    for (int attempt = 0; attempt < 100; attempt++) {
      try (Response response =
          plainHttp()
              .newCall(
                  new Request.Builder()
                      .url("http://127.0.0.1:" + world.nginx.port() + path)
                      .header("Host", host)
                      .build())
              .execute()) {
        last = new String[] {String.valueOf(response.code()), response.header("Location")};
        if (response.code() != 404) {
          return last;
        }
      }
      Thread.sleep(100);
    }
    return last;
  }

  private static OkHttpClient plainHttp() {
    return new OkHttpClient.Builder().followRedirects(false).build();
  }
}
