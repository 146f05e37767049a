package dev.ferry.sandbox.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stand-in accepts because Foreman does and real clients rely on it: a page size past any
 * int (apypie), parameters in a JSON body on GET (nailgun), the Apipie document (apypie, hammer),
 * and the full host field set. The last test drives the Python clients themselves.
 */
class ForemanClientAcceptanceTest {
  private static final int HOSTS = 321;
  private static final String SEARCH = "hostgroup_name = hypervisors";
  private static ForemanSandbox foreman;
  private static Http api;

  @BeforeAll
  static void start() {
    foreman = new ForemanSandbox(HOSTS).user(ForemanUser.admin("admin", "pat-123")).start(0);
    api = new Http(foreman.baseUrl(), "admin", "pat-123");
  }

  @AfterAll
  static void stop() {
    foreman.stop();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void aPageSizePastAnyIntReturnsEveryHostInOnePage() throws Exception {
    Http.Resp r = api.get("/api/v2/hosts?per_page=4294967296");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("results")).hasSize(HOSTS);
    assertThat(r.json().get("per_page").asLong()).isEqualTo(4_294_967_296L);
    assertThat(api.get("/api/hosts?per_page=4294967296&page=2").json().get("results")).isEmpty();
    assertThat(api.get("/api/hosts?per_page=99999999999999999999999").json().get("results"))
        .hasSize(HOSTS);
    // still refused: what is not a positive number
    assertThat(api.get("/api/hosts?per_page=-4294967296").status()).isEqualTo(400);
    assertThat(api.get("/api/hosts?per_page=abc").status()).isEqualTo(400);
  }

  @Test
  void jsonBodyParametersOnGetAreMergedUnderTheQueryString() throws Exception {
    Http.Resp body =
        api.send("GET", "/api/v2/hosts", Map.of("search", SEARCH, "per_page", 1000, "thin", true));

    assertThat(body.status()).as(body.body()).isEqualTo(200);
    assertThat(body.json().get("search").asText()).isEqualTo(SEARCH);
    assertThat(body.json().get("subtotal").asInt()).isEqualTo(HOSTS / 50);
    assertThat(body.json().get("results").findValuesAsText("name"))
        .hasSize(HOSTS / 50)
        .allMatch(n -> n.startsWith("kvm"));
    assertThat(body.json().get("results").get(0).has("ip")).as("thin from the body").isFalse();

    // the query string wins, as in Rails
    Http.Resp both =
        api.send("GET", "/api/hosts?search=" + q("name ~ bm"), Map.of("search", SEARCH));
    assertThat(both.json().get("search").asText()).isEqualTo("name ~ bm");
    assertThat(both.json().get("results").findValuesAsText("name"))
        .isNotEmpty()
        .allMatch(n -> n.startsWith("bm"));
  }

  @Test
  void aBodyThatIsNotJsonIsFormansParseError() throws Exception {
    Http.Resp r = api.send("GET", "/api/hosts", "{\"search\": ");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("status").asInt()).isEqualTo(400);
    assertThat(r.json().get("error").asText())
        .startsWith("There was a problem in the JSON you submitted: ");
  }

  @Test
  void searchSyntaxErrorsInABodyAreRefusedLikeInTheQuery() throws Exception {
    Http.Resp r = api.send("GET", "/api/hosts", Map.of("search", "nosuchfield = 1"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/class").asText()).isEqualTo("ScopedSearch::QueryNotSupported");
    assertThat(r.json().at("/error/message").asText()).contains("nosuchfield");
  }

  @Test
  void apipieDocumentIsServedWithoutAuthenticationAndDescribesTheHostList() throws Exception {
    Http.Resp r = new Http(foreman.baseUrl(), null, null).get("/apidoc/v2.json");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode hosts = r.json().at("/docs/resources/hosts/methods");
    JsonNode index = null;
    for (JsonNode method : hosts) {
      if (method.get("name").asText().equals("index")) {
        index = method;
      }
    }
    assertThat(index).isNotNull();
    assertThat(index.at("/apis/0/api_url").asText()).isEqualTo("/api/hosts");
    assertThat(index.at("/apis/0/http_method").asText()).isEqualTo("GET");
    assertThat(index.get("params").findValuesAsText("name"))
        .contains("search", "page", "per_page", "order", "thin");
    assertThat(r.json().at("/docs/resources").fieldNames())
        .toIterable()
        .contains("hosts", "compute_resources", "home");
  }

  @Test
  void hostsCarryEveryFieldOfForemansHostView() throws Exception {
    JsonNode host = api.get("/api/hosts?per_page=1").json().get("results").get(0);

    // app/views/api/v2/hosts/main.json.rabl + base.json.rabl, Foreman 3.13
    String[] fields =
        ("name id display_name ip ip6 last_report mac realm_id realm_name sp_mac sp_ip sp_name"
                + " domain_id domain_name architecture_id architecture_name operatingsystem_id"
                + " operatingsystem_name subnet_id subnet_name subnet6_id subnet6_name"
                + " sp_subnet_id ptable_id ptable_name medium_id medium_name pxe_loader build"
                + " comment disk initiated_at installed_at model_id hostgroup_id owner_id"
                + " owner_name owner_type creator_id creator enabled managed use_image image_file"
                + " uuid compute_resource_id compute_resource_name compute_profile_id"
                + " compute_profile_name capabilities provision_method certname image_id"
                + " image_name created_at updated_at last_compile global_status"
                + " global_status_label tags bmc_available organization_id organization_name"
                + " location_id location_name model_name compute_resource_provider"
                + " hostgroup_name hostgroup_title configuration_status"
                + " configuration_status_label")
            .split(" ");
    Set<String> present = new HashSet<>();
    host.fieldNames().forEachRemaining(present::add);
    assertThat(present).contains(fields);
    assertThat(host.at("/reported_data").fieldNames())
        .toIterable()
        .contains(
            "boot_time",
            "cores",
            "sockets",
            "disks_total",
            "kernel_version",
            "bios_vendor",
            "bios_release_date",
            "bios_version");
  }

  @Test
  void pythonClientsApypieAndNailgunWorkAgainstTheStandIn(@TempDir Path cache) throws Exception {
    Assumptions.assumeTrue(
        run(List.of("python3", "-c", "import apypie, nailgun"), 60).exitCode == 0,
        "skipped: the Python Foreman clients are not installed (pip install apypie nailgun)");
    Path script = cache.resolve("drive.py");
    try (InputStream in = getClass().getResourceAsStream("/foreman-clients/drive.py")) {
      Files.copy(in, script);
    }

    Result result =
        run(
            List.of(
                "python3",
                script.toString(),
                foreman.baseUrl(),
                "admin",
                "pat-123",
                SEARCH,
                cache.resolve("apidoc").toString()),
            120);

    assertThat(result.exitCode).as(result.output).isZero();
    String last = result.output.strip().lines().reduce((a, b) -> b).orElse("");
    JsonNode json = Http.JSON.readTree(last);
    assertThat(json.at("/apypie/count").asInt()).isEqualTo(HOSTS / 50);
    List<String> apypieNames = new ArrayList<>();
    json.at("/apypie/names").forEach(n -> apypieNames.add(n.asText()));
    assertThat(apypieNames).allMatch(n -> n.startsWith("kvm"));
    assertThat(json.at("/nailgun/search").asText()).isEqualTo(SEARCH);
    assertThat(json.at("/nailgun/subtotal").asInt()).isEqualTo(HOSTS / 50);
    assertThat(json.at("/nailgun/count").asInt()).isEqualTo(HOSTS / 50);
    // both reached the stand-in the way they reach Foreman
    assertThat(foreman.requestCounts()).containsKey("GET /apidoc/v2.json");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.toString()); // no python3 at all
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, output + "\n(timed out)");
    }
    return new Result(process.exitValue(), output);
  }
}
