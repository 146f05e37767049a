package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ferry} command with {@code -o json}, against a loopback server that answers like the
 * API: stdout must be exactly one JSON document (progress and messages go to stderr), with the
 * API's field names, and the exit codes must be the text mode's.
 */
class JsonOutputTest {

  /** Fails on anything after the first JSON value, so "one document" is really checked. */
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String STARTED =
      "{\"workflowId\":\"%s\",\"runId\":\"r1\",\"alreadyRunning\":false,\"webUiUrl\":\"http://ui/%s\"}";

  @TempDir Path home;
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final InputStream originalIn = System.in;
  private String originalHome;

  /** The API's answers by "METHOD path?query"; a missing entry is a 404 problem. */
  private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put("GET /api/me", "{\"name\":\"alice\",\"role\":\"admin\"}");
    ANSWERS.put(
        "GET /api/workflows/forward-sync/ws/lab",
        "{\"workflowId\":\"forward-sync/ws/lab\",\"runId\":\"r1\",\"type\":\"ForwardSyncWorkflow\","
            + "\"status\":\"COMPLETED\",\"startTime\":\"2026-11-22T00:00:00Z\",\"closeTime\":null,"
            + "\"searchAttributes\":{\"FerryOwner\":\"alice\"},\"webUiUrl\":\"http://ui/x\"}");
    ANSWERS.put(
        "GET /api/workflows?type=ForwardSyncWorkflow&status=RUNNING&since=PT24H&pageSize=1",
        "{\"workflows\":[" + run("forward-sync/ws/a") + "],\"nextPageToken\":\"dDE\"}");
    ANSWERS.put(
        "GET /api/workflows?type=ForwardSyncWorkflow&status=RUNNING&since=PT24H&pageSize=1&pageToken=dDE",
        "{\"workflows\":[" + run("forward-sync/ws/b") + "],\"nextPageToken\":null}");
    ANSWERS.put(
        "GET /api/workflows?status=bogus",
        "!400{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Invalid request\","
            + "\"errors\":[{\"field\":\"status\",\"message\":\"must be one of ...\"}]}");
    ANSWERS.put("GET /api/users", "[" + user("bob", null) + "]");
    ANSWERS.put("POST /api/users/bob/disable", user("bob", "\"2026-11-22T00:00:00Z\""));
    ANSWERS.put("POST /api/users/bob/enable", user("bob", null));
    ANSWERS.put("DELETE /api/users/bob", "");
    ANSWERS.put(
        "GET /api/foreman/configs",
        "[{\"id\":\"c1\",\"name\":\"prod\",\"baseUrl\":\"https://f.example.com\",\"username\":\"svc\","
            + "\"hasCredentials\":true,\"verifyTls\":true,\"connectTimeoutMs\":5000,\"readTimeoutMs\":30000}]");
    ANSWERS.put(
        "POST /api/foreman/configs",
        "{\"id\":\"c2\",\"name\":\"lab\",\"baseUrl\":\"https://lab.example.com\"}");
    ANSWERS.put(
        "PUT /api/foreman/configs/c1",
        "{\"id\":\"c1\",\"name\":\"prod\",\"baseUrl\":\"https://new.example.com\"}");
    ANSWERS.put("DELETE /api/foreman/configs/c1", "");
    ANSWERS.put(
        "POST /api/foreman/configs/c1/test",
        "{\"workflowId\":\"foreman-test/c1/x\",\"webUiUrl\":\"http://ui/x\",\"result\":"
            + "{\"outcome\":\"OK\",\"message\":\"ok\",\"foremanVersion\":\"3.12\",\"latencyMs\":12,"
            + "\"missingPermissions\":[]}}");
    ANSWERS.put(
        "GET /api/foreman/configs/c1/tests?limit=20",
        "[{\"testedAt\":\"2026-11-22T00:00:00Z\",\"outcome\":\"OK\",\"message\":\"ok\"}]");
    ANSWERS.put(
        "GET /api/foreman/configs/c1/hosts?refresh=false&limit=50&offset=0",
        "{\"snapshot\":{\"hostCount\":1,\"completedAt\":\"2026-11-22T00:00:00Z\"},"
            + "\"hosts\":[{\"id\":1,\"name\":\"a.example.com\"}]}");
    ANSWERS.put(
        "GET /api/foreman/configs/c1/hypervisors?refresh=false",
        "{\"snapshot\":{\"completedAt\":\"2026-11-22T00:00:00Z\"},"
            + "\"hypervisors\":[{\"kind\":\"compute_resource\",\"name\":\"vc1\"}]}");
    ANSWERS.put(
        "GET /api/foreman/configs/c1/hosts.csv?refresh=false",
        "!csvid,name\r\n1,a.example.com\r\n2,b.example.com\r\n");
    ANSWERS.put("GET /api/foreman/schedule", schedule(false));
    ANSWERS.put("POST /api/foreman/schedule/pause", schedule(true));
    ANSWERS.put(
        "GET /api/forward/profiles",
        "[{\"name\":\"lab\",\"baseUrl\":\"https://fwd.app\",\"hasSecret\":true,\"isDefault\":true}]");
    ANSWERS.put(
        "POST /api/forward/profiles",
        "{\"name\":\"lab\",\"baseUrl\":\"https://fwd.app\",\"hasSecret\":true}");
    ANSWERS.put(
        "PUT /api/forward/profiles/lab",
        "{\"name\":\"lab\",\"baseUrl\":\"https://fwd.app\",\"hasSecret\":true}");
    ANSWERS.put("DELETE /api/forward/profiles/lab", "");
    String collectors =
        "[{\"name\":\"ferry-alice-lab\",\"inForward\":true,\"connected\":true,"
            + "\"deployment\":\"ferry-collector-alice-lab\",\"replicas\":1,\"readyReplicas\":1,"
            + "\"deploymentReady\":true}]";
    ANSWERS.put(
        "POST /api/forward/deployments/ws/lab/bastion/rotate",
        "{\"bastion\":\"ferry-bastion-alice\",\"syncs\":[{\"workflowId\":\"forward-sync/ws/lab\","
            + "\"alreadyRunning\":false}]}");
    ANSWERS.put("GET /api/forward/profiles/lab/collectors", collectors);
    ANSWERS.put("POST /api/forward/profiles/lab/collectors/reregister", collectors);
    ANSWERS.put(
        "POST /api/forward/profiles/lab/test",
        "{\"status\":\"ok\",\"message\":\"Forward 25.1\",\"webUiUrl\":\"http://ui/t\"}");
    ANSWERS.put(
        "POST /api/forward/deployments/sync",
        STARTED.formatted("forward-sync/ws/lab", "forward-sync"));
    ANSWERS.put(
        "POST /api/forward/deployments/ws/lab/destroy?deleteNetwork=false",
        STARTED.formatted("forward-destroy/ws/lab", "forward-destroy"));
    ANSWERS.put(
        "GET /api/forward/deployments/ws/lab",
        "{\"workspace\":\"ws\",\"deployment\":\"lab\",\"devices\":2,\"linuxHosts\":0,"
            + "\"sync\":{\"workflowId\":\"forward-sync/ws/lab\",\"status\":\"COMPLETED\"},"
            + "\"destroy\":{\"workflowId\":\"forward-destroy/ws/lab\",\"status\":\"FAILED\","
            + "\"failure\":\"401 Invalid login\"}}");
    ANSWERS.put(
        "GET /api/forward/deployments?owner=bob&workspace=ws",
        "[{\"workspace\":\"ws\",\"deployment\":\"lab\",\"owner\":\"bob\",\"devices\":2}]");
    ANSWERS.put(
        "POST /api/fort/clusters", "{\"name\":\"c1\",\"domain\":\"lab.example\",\"hosts\":[]}");
    ANSWERS.put("GET /api/fort/clusters/c1", "{\"name\":\"c1\",\"domain\":\"lab.example\"}");
    ANSWERS.put(
        "PATCH /api/fort/clusters/c1/providers",
        "{\"name\":\"c1\",\"gitWriteHosts\":[\"h1\"],\"hasPocketIdKey\":true}");
    ANSWERS.put(
        "GET /api/fort/clusters/c1/agent-cluster-file", "{\"cluster\":\"c1\",\"principals\":[]}");
    ANSWERS.put(
        "PUT /api/fort/clusters/c1/hosts/h1", "{\"name\":\"h1\",\"agentUrl\":\"https://h1:7443\"}");
    ANSWERS.put("POST /api/fort/clusters/c1/hosts/h1/agent-certificate", "!sign");
    ANSWERS.put(
        "GET /api/fort/clusters/c1/hosts",
        "[{\"name\":\"h1\",\"agentUrl\":\"https://h1:7443\",\"health\":null}]");
    ANSWERS.put(
        "POST /api/fort/clusters/c1/cycles", STARTED.formatted("fort-cycle/c1/1", "fort-cycle"));
    ANSWERS.put(
        "POST /api/fort/clusters/c1/hosts/h1/rotate",
        STARTED.formatted("fort-cycle/c1/2", "fort-cycle"));
    ANSWERS.put(
        "GET /api/workflows/fort-cycle/c1/1",
        "{\"workflowId\":\"fort-cycle/c1/1\",\"status\":\"COMPLETED\"}");
    ANSWERS.put(
        "GET /api/fort/clusters/c1/schedule",
        "{\"scheduleId\":\"fort-c1\",\"paused\":false,\"nextRuns\":[],\"recentCycles\":[]}");
    ANSWERS.put("POST /api/fort/clusters/c1/schedule/trigger", "");
    ANSWERS.put(
        "GET /api/fort/clusters/c1/fulfilments",
        "[{\"host\":\"h1\",\"service\":\"web\",\"need\":\"tls\",\"fingerprint\":\"f\"}]");
    ANSWERS.put(
        "GET /api/fort/clusters/c1/refusals?host=h1",
        "[{\"host\":\"h1\",\"service\":\"evil\",\"fqdn\":null,\"reason\":\"wildcard"
            + " subdomains are refused\",\"since\":\"2026-11-22T00:00:00Z\"}]");
    ANSWERS.put(
        "POST /api/fort/clusters/c1/hosts/h1/services/wiki/transfer",
        STARTED.formatted("fort-cycle/c1/3", "fort-cycle"));
    ANSWERS.put(
        "GET /api/fort/clusters/c1/audit?limit=50",
        "[{\"at\":\"2026-11-22T00:00:00Z\",\"host\":\"h1\",\"action\":\"issue\",\"outcome\":\"ok\"}]");
  }

  private static String run(String id) {
    return "{\"workflowId\":\""
        + id
        + "\",\"type\":\"ForwardSyncWorkflow\",\"status\":\"RUNNING\"}";
  }

  private static String user(String name, String disabledAt) {
    return "{\"id\":\"u1\",\"name\":\""
        + name
        + "\",\"role\":\"user\",\"disabledAt\":"
        + disabledAt
        + "}";
  }

  private static String schedule(boolean paused) {
    return "{\"scheduleId\":\"foreman-test-all\",\"interval\":\"PT15M\",\"paused\":"
        + paused
        + ",\"actionsTaken\":2,\"nextRuns\":[]}";
  }

  @BeforeEach
  void start() throws Exception {
    // the CLI prefers FERRY_URL/FERRY_TOKEN/FERRY_CONFIG_HOME; these tests steer it through
    // user.home instead
    assumeTrue(
        System.getenv("FERRY_URL") == null
            && System.getenv("FERRY_TOKEN") == null
            && System.getenv("FERRY_CONFIG_HOME") == null);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
          synchronized (requests) {
            requests.add(key);
          }
          String answer = ANSWERS.get(key);
          int status = 200;
          String type = "application/json";
          if ("!sign".equals(answer)) {
            try {
              answer =
                  AgentCertificateAnswers.answer(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                      false);
            } catch (Exception e) {
              answer = "!400{\"title\":\"Bad Request\",\"status\":400}";
            }
          }
          if (answer == null) {
            status = 404;
            type = "application/problem+json";
            answer = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route " + key + "\"}";
          } else if (answer.startsWith("!400")) {
            status = 400;
            type = "application/problem+json";
            answer = answer.substring(4);
          } else if (answer.startsWith("!csv")) {
            type = "text/csv";
            answer = answer.substring(4);
          } else if (answer.isEmpty()) {
            status = 204;
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", type);
          exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
          if (status != 204) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
    originalHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    new CliConfig(url(), "fry_test").save();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.setIn(originalIn);
    if (server != null) {
      server.stop(0);
      System.setProperty("user.home", originalHome);
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Runs one command line with -o json; returns stdout parsed as one JSON document. */
  private JsonNode json(int expectedExit, String... args) throws Exception {
    out.reset();
    err.reset();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("-o");
    line.add("json");
    int exit = FerryCli.run(line.toArray(String[]::new));
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(exit)
        .as("exit of %s; stderr: %s", line, err.toString(StandardCharsets.UTF_8))
        .isEqualTo(expectedExit);
    try {
      return STRICT.readTree(stdout);
    } catch (Exception e) {
      throw new AssertionError("stdout of " + line + " is not one JSON document:\n" + stdout, e);
    }
  }

  /** Each command path (e.g. "forward profile list") and the checks on its JSON. */
  private final Map<String, Boolean> covered = new LinkedHashMap<>();

  private void check(String command, JsonNode result, Consumer<JsonNode> assertions) {
    assertions.accept(result);
    covered.put(command, true);
  }

  @Test
  void everyCommandPrintsOneJsonDocumentWithTheApisFieldNames() throws Exception {
    System.setIn(new ByteArrayInputStream("fry_test\n".getBytes(StandardCharsets.UTF_8)));
    check(
        "login",
        json(0, "login", "--url", url(), "--token-stdin"),
        j -> {
          assertThat(j.path("name").asText()).isEqualTo("alice");
          assertThat(j.path("url").asText()).isEqualTo(url());
          assertThat(j.path("savedTo").asText()).endsWith("cli.json");
        });
    check("whoami", json(0, "whoami"), j -> assertThat(j.path("role").asText()).isEqualTo("admin"));

    check(
        "workflow show",
        json(0, "workflow", "show", "forward-sync/ws/lab"),
        j -> {
          assertThat(j.path("status").asText()).isEqualTo("COMPLETED");
          assertThat(j.at("/searchAttributes/FerryOwner").asText()).isEqualTo("alice");
        });
    String[] list = {
      "workflow",
      "list",
      "--type",
      "ForwardSyncWorkflow",
      "--status",
      "RUNNING",
      "--since",
      "PT24H",
      "--page-size",
      "1"
    };
    check(
        "workflow list",
        json(0, list),
        j -> {
          assertThat(j.path("workflows").findValuesAsText("workflowId"))
              .containsExactly("forward-sync/ws/a");
          assertThat(j.path("nextPageToken").asText()).isEqualTo("dDE");
        });
    JsonNode all = json(0, concat(list, "--all"));
    assertThat(all.path("workflows").findValuesAsText("workflowId"))
        .containsExactly("forward-sync/ws/a", "forward-sync/ws/b");
    assertThat(all.path("nextPageToken").isNull()).isTrue();

    check(
        "user list",
        json(0, "user", "list"),
        j -> assertThat(j.findValuesAsText("name")).containsExactly("bob"));
    check(
        "user disable",
        json(0, "user", "disable", "bob"),
        j -> assertThat(j.path("disabledAt").asText()).isEqualTo("2026-11-22T00:00:00Z"));
    check(
        "user enable",
        json(0, "user", "enable", "bob"),
        j -> assertThat(j.path("disabledAt").isNull()).isTrue());
    check(
        "user delete",
        json(0, "user", "delete", "bob"),
        j -> assertThat(j.path("deleted").asText()).isEqualTo("bob"));

    check(
        "foreman list",
        json(0, "foreman", "list"),
        j -> assertThat(j.get(0).path("id").asText()).isEqualTo("c1"));
    check(
        "foreman create",
        json(0, "foreman", "create", "--name", "lab", "--url", "https://lab.example.com"),
        j -> assertThat(j.path("id").asText()).isEqualTo("c2"));
    check(
        "foreman update",
        json(0, "foreman", "update", "prod", "--url", "https://new.example.com"),
        j -> assertThat(j.path("baseUrl").asText()).isEqualTo("https://new.example.com"));
    check(
        "foreman delete",
        json(0, "foreman", "delete", "prod"),
        j -> assertThat(j.path("deleted").asText()).isEqualTo("prod"));
    check(
        "foreman test",
        json(0, "foreman", "test", "prod"),
        j -> assertThat(j.at("/result/foremanVersion").asText()).isEqualTo("3.12"));
    JsonNode history = json(0, "foreman", "test", "prod", "--history");
    assertThat(history.get(0).path("outcome").asText()).isEqualTo("OK");
    check(
        "foreman hosts",
        json(0, "foreman", "hosts", "prod"),
        j -> assertThat(j.at("/hosts/0/name").asText()).isEqualTo("a.example.com"));
    check(
        "foreman hypervisors",
        json(0, "foreman", "hypervisors", "prod"),
        j -> assertThat(j.at("/hypervisors/0/name").asText()).isEqualTo("vc1"));
    check(
        "foreman export",
        json(0, "foreman", "export", "prod"),
        j -> {
          assertThat(j.path("hosts").asInt()).isEqualTo(2);
          assertThat(j.path("csv").asText()).startsWith("id,name\r\n");
        });
    Path csv = home.resolve("hosts.csv");
    JsonNode written = json(0, "foreman", "export", "prod", "--file", csv.toString());
    assertThat(written.path("file").asText()).isEqualTo(csv.toString());
    assertThat(Files.readString(csv)).contains("b.example.com");
    check(
        "foreman schedule",
        json(0, "foreman", "schedule", "pause"),
        j -> assertThat(j.path("paused").asBoolean()).isTrue());

    check(
        "forward profile list",
        json(0, "forward", "profile", "list"),
        j -> assertThat(j.get(0).path("isDefault").asBoolean()).isTrue());
    check(
        "forward profile create",
        json(0, "forward", "profile", "create", "lab", "--username", "k", "--password=s"),
        j -> assertThat(j.path("hasSecret").asBoolean()).isTrue());
    check(
        "forward profile update",
        json(0, "forward", "profile", "update", "lab", "--skip-tls-verify"),
        j -> assertThat(j.path("name").asText()).isEqualTo("lab"));
    check(
        "forward profile delete",
        json(0, "forward", "profile", "delete", "lab"),
        j -> assertThat(j.path("deleted").asText()).isEqualTo("lab"));
    check(
        "forward profile test",
        json(0, "forward", "profile", "test", "lab"),
        j -> assertThat(j.path("status").asText()).isEqualTo("ok"));
    check(
        "forward collector status",
        json(0, "forward", "collector", "status", "lab"),
        j -> {
          assertThat(j.get(0).path("connected").asBoolean()).isTrue();
          assertThat(j.get(0).path("deploymentReady").asBoolean()).isTrue();
        });
    check(
        "forward collector reregister",
        json(0, "forward", "collector", "reregister", "lab"),
        j -> assertThat(j.get(0).path("name").asText()).isEqualTo("ferry-alice-lab"));
    Path inventory = home.resolve("inventory.json");
    Files.writeString(
        inventory,
        "{\"deploymentType\":\"labpp\",\"devices\":[{\"name\":\"r1\",\"kind\":\"eos\",\"host\":\"h\"}]}");
    String[] sync = {
      "forward",
      "sync",
      "--workspace",
      "ws",
      "--deployment",
      "lab",
      "--inventory",
      inventory.toString()
    };
    check(
        "forward sync",
        json(0, sync),
        j -> {
          assertThat(j.path("workflowId").asText()).isEqualTo("forward-sync/ws/lab");
          assertThat(j.has("status")).isFalse();
        });
    JsonNode waited = json(0, concat(sync, "--wait"));
    assertThat(waited.path("workflowId").asText()).isEqualTo("forward-sync/ws/lab");
    assertThat(waited.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(waited.path("failure").isNull()).isTrue();
    check(
        "forward status",
        json(0, "forward", "status", "--workspace", "ws", "--deployment", "lab"),
        j -> assertThat(j.at("/sync/status").asText()).isEqualTo("COMPLETED"));
    check(
        "forward bastion rotate",
        json(0, "forward", "bastion", "rotate", "--workspace", "ws", "--deployment", "lab"),
        j -> {
          assertThat(j.path("bastion").asText()).isEqualTo("ferry-bastion-alice");
          assertThat(j.at("/syncs/0/workflowId").asText()).isEqualTo("forward-sync/ws/lab");
        });
    String[] destroy = {"forward", "destroy", "--workspace", "ws", "--deployment", "lab"};
    check(
        "forward destroy",
        json(0, destroy),
        j -> assertThat(j.path("workflowId").asText()).isEqualTo("forward-destroy/ws/lab"));
    JsonNode failed = json(ExitCodes.FAILED, concat(destroy, "--wait"));
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("failure").asText()).isEqualTo("401 Invalid login");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("destroy failed: 401 Invalid login");
    check(
        "forward deployments",
        json(0, "forward", "deployments", "--owner", "bob", "--workspace", "ws"),
        j -> assertThat(j.get(0).path("owner").asText()).isEqualTo("bob"));

    check(
        "fort create",
        json(0, "fort", "create", "c1", "--domain", "lab.example"),
        j -> assertThat(j.path("domain").asText()).isEqualTo("lab.example"));
    check(
        "fort show",
        json(0, "fort", "show", "c1"),
        j -> assertThat(j.path("name").asText()).isEqualTo("c1"));
    check(
        "fort providers",
        json(0, "fort", "providers", "c1", "--git-write-host", "h1"),
        j -> assertThat(j.path("gitWriteHosts").get(0).asText()).isEqualTo("h1"));
    check(
        "fort cluster-file",
        json(0, "fort", "cluster-file", "c1"),
        j -> assertThat(j.path("principals").isArray()).isTrue());
    check(
        "fort host",
        json(
            0,
            "fort",
            "host",
            "c1",
            "h1",
            "--agent-url",
            "https://h1:7443",
            "--public-key",
            "ssh-ed25519 AAAA"),
        j -> assertThat(j.path("agentUrl").asText()).isEqualTo("https://h1:7443"));
    Path tls = home.resolve("agent-tls");
    check(
        "fort agent-cert",
        json(
            0,
            "fort",
            "agent-cert",
            "c1",
            "h1",
            "--cert-file",
            tls.resolve("fullchain.pem").toString(),
            "--key-file",
            tls.resolve("key.pem").toString()),
        j -> {
          assertThat(j.path("agentName").asText()).isEqualTo("host1.fort.demo.test");
          assertThat(j.toString()).doesNotContain("PRIVATE");
        });
    check(
        "fort hosts",
        json(0, "fort", "hosts", "c1"),
        j -> assertThat(j.get(0).path("name").asText()).isEqualTo("h1"));
    check(
        "fort cycle",
        json(0, "fort", "cycle", "c1", "--wait"),
        j -> {
          assertThat(j.path("workflowId").asText()).isEqualTo("fort-cycle/c1/1");
          assertThat(j.path("status").asText()).isEqualTo("COMPLETED");
        });
    check(
        "fort rotate",
        json(0, "fort", "rotate", "c1", "h1"),
        j -> assertThat(j.path("workflowId").asText()).isEqualTo("fort-cycle/c1/2"));
    check(
        "fort schedule",
        json(0, "fort", "schedule", "c1", "trigger"),
        j -> assertThat(j.path("scheduleId").asText()).isEqualTo("fort-c1"));
    check(
        "fort fulfilments",
        json(0, "fort", "fulfilments", "c1"),
        j -> assertThat(j.get(0).path("need").asText()).isEqualTo("tls"));
    check(
        "fort refusals",
        json(0, "fort", "refusals", "c1", "--host", "h1"),
        j -> assertThat(j.get(0).path("reason").asText()).contains("wildcard"));
    check(
        "fort transfer",
        json(0, "fort", "transfer", "c1", "h1", "wiki", "--to", "h2"),
        j -> assertThat(j.path("workflowId").asText()).isEqualTo("fort-cycle/c1/3"));
    check(
        "fort audit",
        json(0, "fort", "audit", "c1"),
        j -> assertThat(j.get(0).path("action").asText()).isEqualTo("issue"));

    assertThat(covered.keySet()).containsExactlyInAnyOrderElementsOf(leafCommands());
  }

  @Test
  void everyCommandTakesTheOutputOption() {
    CommandLine root = FerryCli.commandLine();
    for (String command : leafCommands()) {
      CommandLine cli = root;
      for (String name : command.split(" ")) {
        cli = cli.getSubcommands().get(name);
      }
      assertThat(cli.getCommandSpec().findOption("-o")).as("ferry %s -o json", command).isNotNull();
      assertThat(cli.getCommandSpec().findOption("--output").paramLabel()).isEqualTo("FORMAT");
    }
  }

  @Test
  void anApiErrorLeavesStdoutEmptyAndKeepsItsExitCode() {
    int exit = FerryCli.run("workflow", "list", "--status", "bogus", "-o", "json");
    assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("status: must be one of");
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    assertThat(FerryCli.run("whoami", "-o", "yaml")).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(requests).isEmpty();
  }

  @Test
  void textStaysTheDefault() {
    assertThat(FerryCli.run("whoami")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("alice (admin)" + System.lineSeparator());
  }

  /** Every runnable command of the tree, as "forward profile list". */
  private static Set<String> leafCommands() {
    Set<String> leaves = new TreeSet<>();
    collect(FerryCli.commandLine(), "", leaves);
    return leaves;
  }

  private static void collect(CommandLine command, String prefix, Set<String> leaves) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      String path = (prefix + " " + sub.getKey()).trim();
      if (sub.getValue().getSubcommands().isEmpty()) {
        if (!sub.getKey().equals("help")) {
          leaves.add(path);
        }
      } else {
        collect(sub.getValue(), path, leaves);
      }
    }
  }

  private static String[] concat(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
