package dev.ferry.sandbox.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForemanSandboxTest {
  private static final int HOSTS = 1234;
  private static ForemanSandbox foreman;
  private static Http api;

  @BeforeAll
  static void start() {
    foreman =
        new ForemanSandbox(HOSTS)
            .user(ForemanUser.admin("admin", "pat-123").password("changeme"))
            .user(ForemanUser.withToken("viewer", "pat-v", Set.of("view_facts")))
            .user(
                ForemanUser.withToken("ops", "pat-o", ForemanUser.VIEWER)
                    .hostFilter("hostgroup ~ infra"))
            .user(ForemanUser.withToken("gone", "pat-g", ForemanUser.VIEWER).disabled(true))
            .start(0);
    api = new Http(foreman.baseUrl(), "admin", "pat-123");
  }

  @AfterAll
  static void stop() {
    foreman.stop();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String errorMessage(Http.Resp r) {
    return r.json().get("error").get("message").asText();
  }

  @Test
  void statusWorksOnBothPrefixesWithForemanHeaders() throws Exception {
    for (String p : new String[] {"/api/status", "/api/v2/status"}) {
      Http.Resp r = api.get(p);
      assertThat(r.status()).isEqualTo(200);
      JsonNode j = r.json();
      assertThat(j.get("result").asText()).isEqualTo("ok");
      assertThat(j.get("status").asInt()).isEqualTo(200);
      assertThat(j.get("version").asText()).isEqualTo("3.13.0");
      assertThat(j.get("api_version").asInt()).isEqualTo(2);
      assertThat(r.header("Foreman_version")).isEqualTo("3.13.0");
      assertThat(r.header("Foreman_api_version")).isEqualTo("2");
    }
    // ping needs no credentials
    Http.Resp ping = new Http(foreman.baseUrl(), null, null).get("/api/ping");
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.json().at("/results/foreman/database/active").asBoolean()).isTrue();
  }

  @Test
  void authenticationFailuresAre401WithEnvelope() throws Exception {
    Http.Resp wrong = api.as("admin", "nope").get("/api/status");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(errorMessage(wrong)).isEqualTo("Unable to authenticate user admin");
    Http.Resp anon = new Http(foreman.baseUrl(), null, null).get("/api/v2/status");
    assertThat(anon.status()).isEqualTo(401);
    Http.Resp bearer = api.send("GET", "/api/status", null, "Bearer pat-123");
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(errorMessage(bearer)).startsWith("Unable to authenticate user");
    // PAT and password both work over Basic
    assertThat(api.as("admin", "changeme").get("/api/status").status()).isEqualTo(200);
    Http.Resp disabled = api.as("gone", "pat-g").get("/api/status");
    assertThat(disabled.status()).isEqualTo(401);
    assertThat(errorMessage(disabled)).contains("disabled");
  }

  @Test
  void missingPermissionIs403WithMissingPermissions() throws Exception {
    Http viewer = api.as("viewer", "pat-v");
    assertThat(viewer.get("/api/status").status()).isEqualTo(200);
    Http.Resp r = viewer.get("/api/hosts?per_page=1&thin=true");
    assertThat(r.status()).isEqualTo(403);
    JsonNode e = r.json().get("error");
    assertThat(e.get("message").asText()).isEqualTo("Access denied");
    assertThat(e.get("details").asText())
        .isEqualTo("Missing one of the required permissions: view_hosts");
    assertThat(e.get("missing_permissions")).hasSize(1);
    assertThat(e.get("missing_permissions").get(0).asText()).isEqualTo("view_hosts");
    assertThat(
            viewer.get("/api/compute_resources").json().at("/error/missing_permissions/0").asText())
        .isEqualTo("view_compute_resources");
    // facts allowed for this user
    assertThat(viewer.get("/api/hosts/1/facts").status()).isEqualTo(200);
  }

  @Test
  void defaultPagingEnvelope() throws Exception {
    JsonNode j = api.get("/api/hosts").json();
    assertThat(j.get("total").asInt()).isEqualTo(HOSTS);
    assertThat(j.get("subtotal").asInt()).isEqualTo(HOSTS);
    assertThat(j.get("page").asInt()).isEqualTo(1);
    assertThat(j.get("per_page").asInt()).isEqualTo(20);
    assertThat(j.get("search").isNull()).isTrue();
    assertThat(j.get("sort").get("by").isNull()).isTrue();
    assertThat(j.get("results")).hasSize(20);
    // ordered by name
    String prev = "";
    for (JsonNode h : j.get("results")) {
      assertThat(h.get("name").asText()).isGreaterThan(prev);
      prev = h.get("name").asText();
    }
    JsonNode h = j.get("results").get(0);
    assertThat(h.has("operatingsystem_name")).isTrue();
    assertThat(h.has("hostgroup_title")).isTrue();
    assertThat(h.has("virtual")).isFalse();
  }

  @Test
  void lastPartialPageAndPagePastTheEnd() throws Exception {
    int perPage = 500;
    int lastPage = (HOSTS + perPage - 1) / perPage; // 3
    JsonNode last =
        api.get("/api/hosts?thin=true&per_page=" + perPage + "&page=" + lastPage).json();
    assertThat(last.get("results")).hasSize(HOSTS - (lastPage - 1) * perPage);
    assertThat(last.get("page").asInt()).isEqualTo(lastPage);
    assertThat(last.get("results").get(0).size()).isEqualTo(2); // thin: id + name

    JsonNode past = api.get("/api/hosts?per_page=" + perPage + "&page=" + (lastPage + 1)).json();
    assertThat(past.get("results")).isEmpty();
    assertThat(past.get("total").asInt()).isEqualTo(HOSTS);
    assertThat(past.get("subtotal").asInt()).isEqualTo(HOSTS);

    // paging the whole inventory yields every host exactly once
    Set<Long> ids = new HashSet<>();
    for (int p = 1; ; p++) {
      JsonNode page = api.get("/api/v2/hosts?thin=true&per_page=300&page=" + p).json();
      if (page.get("results").isEmpty()) {
        break;
      }
      page.get("results").forEach(x -> ids.add(x.get("id").asLong()));
    }
    assertThat(ids).hasSize(HOSTS);

    JsonNode all = api.get("/api/hosts?thin=true&per_page=all").json();
    assertThat(all.get("results")).hasSize(HOSTS);
    assertThat(api.get("/api/hosts?per_page=abc").status()).isEqualTo(400);
  }

  @Test
  void searchFiltersSubtotalButNotTotal() throws Exception {
    JsonNode r = api.get("/api/hosts?per_page=1000&search=" + q("name ~ kvm")).json();
    int expected = HOSTS / 50;
    assertThat(r.get("total").asInt()).isEqualTo(HOSTS);
    assertThat(r.get("subtotal").asInt()).isEqualTo(expected);
    assertThat(r.get("search").asText()).isEqualTo("name ~ kvm");
    assertThat(r.get("results")).hasSize(expected);
    r.get("results").forEach(h -> assertThat(h.get("name").asText()).contains("kvm"));

    JsonNode physical =
        api.get("/api/hosts?per_page=1&search=" + q("facts.is_virtual = false")).json();
    assertThat(physical.get("subtotal").asInt()).isEqualTo(HOSTS / 10);
    assertThat(
            api.get("/api/hosts?per_page=1&search=" + q("reported.virtual = false"))
                .json()
                .get("subtotal")
                .asInt())
        .isEqualTo(HOSTS / 10);
    assertThat(
            api.get("/api/hosts?per_page=1&search=" + q("null? compute_resource_id"))
                .json()
                .get("subtotal")
                .asInt())
        .isEqualTo(HOSTS / 10);

    JsonNode exact = api.get("/api/hosts?search=" + q("name = kvm00050.example.com")).json();
    assertThat(exact.get("subtotal").asInt()).isEqualTo(1);
    assertThat(exact.at("/results/0/id").asInt()).isEqualTo(50);

    JsonNode vc =
        api.get(
                "/api/hosts?per_page=all&search="
                    + q("compute_resource = vcenter01 and os = RedHat"))
            .json();
    assertThat(vc.get("subtotal").asInt()).isPositive().isLessThan(HOSTS / 3);
    vc.get("results")
        .forEach(
            h -> {
              assertThat(h.get("compute_resource_name").asText()).isEqualTo("vcenter01");
              assertThat(h.get("operatingsystem_name").asText()).startsWith("RedHat");
            });

    JsonNode none = api.get("/api/hosts?search=" + q("name = does-not-exist")).json();
    assertThat(none.get("subtotal").asInt()).isZero();
    assertThat(none.get("total").asInt()).isEqualTo(HOSTS);
    assertThat(none.get("results")).isEmpty();

    JsonNode or = api.get("/api/hosts?per_page=1&search=" + q("name ~ kvm or name ~ bm")).json();
    assertThat(or.get("subtotal").asInt()).isEqualTo(HOSTS / 10);
  }

  @Test
  void unknownSearchFieldIs400WithClass() throws Exception {
    Http.Resp r = api.get("/api/hosts?search=" + q("foo = bar"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(errorMessage(r)).isEqualTo("Field 'foo' not recognized for searching!");
    assertThat(r.json().at("/error/class").asText()).isEqualTo("ScopedSearch::QueryNotSupported");
    // Katello's hypervisor field only exists with Katello
    assertThat(api.get("/api/hosts?search=" + q("hypervisor = true")).status()).isEqualTo(400);
  }

  @Test
  void hostDetailByIdOrFqdnAnd404() throws Exception {
    JsonNode byId = api.get("/api/hosts/50").json();
    assertThat(byId.get("name").asText()).isEqualTo("kvm00050.example.com");
    assertThat(byId.get("compute_resource_id").isNull()).isTrue();
    assertThat(byId.get("interfaces")).isNotEmpty();
    JsonNode byName = api.get("/api/hosts/kvm00050.example.com").json();
    assertThat(byName.get("id").asInt()).isEqualTo(50);
    Http.Resp missing = api.get("/api/hosts/foo");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(errorMessage(missing)).isEqualTo("Resource host not found by id 'foo'");
  }

  @Test
  void factsArePagedAndKeyedByHostName() throws Exception {
    JsonNode first = api.get("/api/hosts/50/facts").json();
    String name = "kvm00050.example.com";
    int subtotal = first.get("subtotal").asInt();
    assertThat(first.get("total").asLong()).isGreaterThan(subtotal);
    assertThat(first.get("per_page").asInt()).isEqualTo(20);
    assertThat(first.get("search").asText()).endsWith("host = 50");
    assertThat(first.get("results").has(name)).isTrue();
    assertThat(first.get("results").get(name).size()).isEqualTo(Math.min(20, subtotal));
    assertThat(subtotal).isEqualTo(19);

    int collected = 0;
    boolean sawVirtual = false;
    for (int p = 1; ; p++) {
      JsonNode page = api.get("/api/hosts/50/facts?per_page=5&page=" + p).json();
      if (page.get("results").isEmpty()) {
        break;
      }
      JsonNode facts = page.get("results").get(name);
      collected += facts.size();
      for (Iterator<String> it = facts.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        assertThat(facts.get(f).isTextual()).isTrue();
        if (f.equals("is_virtual")) {
          sawVirtual = true;
          assertThat(facts.get(f).asText()).isEqualTo("false");
        }
      }
    }
    assertThat(collected).isEqualTo(subtotal);
    assertThat(sawVirtual).isTrue();
  }

  @Test
  void computeResourcesAndClusters() throws Exception {
    JsonNode crs = api.get("/api/compute_resources").json();
    assertThat(crs.get("total").asInt()).isEqualTo(3);
    JsonNode vmware = null;
    for (JsonNode cr : crs.get("results")) {
      if (cr.get("provider").asText().equals("Vmware")) {
        vmware = cr;
      }
    }
    assertThat(vmware).isNotNull();
    assertThat(vmware.get("provider_friendly_name").asText()).isEqualTo("VMware");
    JsonNode clusters =
        api.get("/api/compute_resources/" + vmware.get("id").asInt() + "/available_clusters")
            .json();
    assertThat(clusters.get("results")).isNotEmpty();
    int esxi = 0;
    for (JsonNode c : clusters.get("results")) {
      assertThat(c.get("full_path").asText()).startsWith("/DC1/host/");
      esxi += c.get("num_host").asInt();
    }
    assertThat(esxi).isPositive();
    assertThat(api.get("/api/compute_resources/99").status()).isEqualTo(404);
    // VMs reference their compute resource
    JsonNode vms =
        api.get(
                "/api/hosts?per_page=1&search="
                    + q("compute_resource_id = " + vmware.get("id").asInt()))
            .json();
    assertThat(vms.get("subtotal").asInt()).isGreaterThan(0);
  }

  @Test
  void roleFilterLimitsTotal() throws Exception {
    JsonNode r = api.as("ops", "pat-o").get("/api/hosts?per_page=1").json();
    assertThat(r.get("total").asInt()).isEqualTo(HOSTS / 10);
    assertThat(api.as("ops", "pat-o").get("/api/hosts/1").status()).isEqualTo(404);
    assertThat(api.as("ops", "pat-o").get("/api/hosts/50").status()).isEqualTo(200);
  }

  @Test
  void unknownRouteIs404() throws Exception {
    assertThat(api.get("/api/hosts/1/puppetclasses").status()).isEqualTo(404);
    assertThat(api.get("/foreman_puppet/api/v2/hosts/1/puppetclasses").status()).isEqualTo(200);
    assertThat(api.get("/api/nothing").status()).isEqualTo(404);
  }

  @Test
  void failedLoginLockoutPerIp() throws Exception {
    try (ForemanSandbox f =
        new ForemanSandbox(10)
            .user(ForemanUser.admin("admin", "t"))
            .failedLoginLockout(3, Duration.ofMinutes(5))
            .start(0)) {
      Http good = new Http(f.baseUrl(), "admin", "t");
      assertThat(good.get("/api/status").status()).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        assertThat(good.as("admin", "bad").get("/api/status").status()).isEqualTo(401);
      }
      Http.Resp locked = good.get("/api/status");
      assertThat(locked.status()).isEqualTo(401);
      assertThat(errorMessage(locked)).startsWith("Too many tries");
    }
  }

  @Test
  void largeInventoryAndLatency() throws Exception {
    long t0 = System.nanoTime();
    try (ForemanSandbox f =
        new ForemanSandbox(50_000)
            .user(ForemanUser.admin("admin", "t"))
            .latency(Duration.ofMillis(100))
            .start(0)) {
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
      Http h = new Http(f.baseUrl(), "admin", "t");
      long t1 = System.nanoTime();
      JsonNode page = h.get("/api/v2/hosts?per_page=1000&page=50").json();
      assertThat((System.nanoTime() - t1) / 1_000_000).isGreaterThanOrEqualTo(100);
      assertThat(page.get("total").asInt()).isEqualTo(50_000);
      assertThat(page.get("results")).hasSize(1000);
      assertThat(h.get("/api/v2/hosts?per_page=1000&page=51").json().get("results")).isEmpty();
      JsonNode hv =
          h.get("/api/hosts?per_page=1&search=" + q("facts.virt::host_type = kvm")).json();
      assertThat(hv.get("subtotal").asInt()).isEqualTo(1000);
    }
  }

  @Test
  void faultSwitchesUseForemanShapes() throws Exception {
    Http admin = new Http(foreman.baseUrl(), null, null);
    admin.post(
        "/__sandbox/faults",
        java.util.Map.of(
            "faults",
            java.util.List.of(
                java.util.Map.of("type", "500", "count", 1, "path", "/api/v2/hosts"))));
    Http.Resp r = api.get("/api/v2/hosts");
    assertThat(r.status()).isEqualTo(500);
    assertThat(errorMessage(r)).isNotBlank();
    assertThat(api.get("/api/v2/hosts").status()).isEqualTo(200);
    assertThat(admin.get("/__sandbox/state").json().get("hosts").asInt()).isEqualTo(HOSTS);
  }

  @Test
  void katelloModeAndOrdering() throws Exception {
    try (ForemanSandbox f =
        new ForemanSandbox(100)
            .user(ForemanUser.admin("admin", "t"))
            .katello(true)
            .puppetPlugin(false)
            .start(0)) {
      Http h = new Http(f.baseUrl(), "admin", "t");
      JsonNode hv = h.get("/api/hosts?search=" + q("hypervisor = true")).json();
      assertThat(hv.get("subtotal").asInt()).isEqualTo(2);
      assertThat(hv.at("/results/0/environment_name").isMissingNode()).isTrue();
      assertThat(h.get("/api/ping").json().at("/results/katello").isMissingNode()).isFalse();
      JsonNode desc = h.get("/api/hosts?order=" + q("id DESC") + "&per_page=2").json();
      assertThat(desc.at("/results/0/id").asInt()).isEqualTo(100);
      assertThat(desc.at("/sort/by").asText()).isEqualTo("id");
      assertThat(desc.at("/sort/order").asText()).isEqualTo("DESC");
      assertThat(h.get("/foreman_puppet/api/v2/hosts/1/puppetclasses").status()).isEqualTo(404);
    }
  }
}
