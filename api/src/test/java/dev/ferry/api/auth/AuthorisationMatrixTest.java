package dev.ferry.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ApiTestContext;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every operation of the API's OpenAPI document, called by anonymous, a user, another user and an
 * admin, against the status {@link #MATRIX} expects. An operation missing from the table fails the
 * test, so a new endpoint cannot ship without someone deciding who may call it.
 *
 * <p>Operations with a request body are sent {@code {}}: an admin then gets the 400 of validation
 * while everyone else gets the 401/403 of authorisation, which shows that authorisation comes
 * first. Destructive operations aim at things that do not exist, so the cells do not depend on each
 * other's order. No worker runs: started workflows stay pending in this suite's namespace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ferry.foreman.refresh-wait=1s", "ferry.foreman.test-wait=1s"})
class AuthorisationMatrixTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  /**
   * {@code operation} is the OpenAPI method and path; {@code request} the path actually called,
   * where {@code $USER}, {@code $RUN}, {@code $CONFIG}, {@code $WORKSPACE}, {@code $PROFILE} and
   * {@code $NONE} (a random id nobody has) stand for the fixtures. Columns: anonymous, user (who
   * owns the fixtures), another user, admin.
   */
  private static final String MATRIX =
      """
      # operation                                                  request                                        anon user other admin
      GET    /api/me                                                /api/me                                         401  200  200  200
      GET    /api/users                                             /api/users                                      401  403  403  200
      POST   /api/users                                             /api/users                                      401  403  403  400
      GET    /api/users/{name}/tokens                               /api/users/$USER/tokens                         401  200  403  200
      POST   /api/users/{name}/tokens                               /api/users/$USER/tokens                         401  400  403  400
      DELETE /api/users/{name}/tokens/{tokenId}                     /api/users/$USER/tokens/$NONE                   401  404  403  404
      # disabling and deleting accounts is admin business; nobody named $NONE exists
      POST   /api/users/{name}/disable                              /api/users/$NONE/disable                        401  403  403  404
      POST   /api/users/{name}/enable                               /api/users/$NONE/enable                         401  403  403  404
      DELETE /api/users/{name}                                      /api/users/$NONE                                401  403  403  404
      # another user's run is a 404 like a missing one: workflow ids are guessable
      GET    /api/workflows/{workflowId}                            /api/workflows/$RUN                             401  200  404  200
      # lists are scoped to the caller (admins see everyone's)
      GET    /api/workflows                                         /api/workflows                                  401  200  200  200
      GET    /api/forward/deployments                               /api/forward/deployments                        401  200  200  200
      # decoding reveals every run's inputs: admins only; the Web UI's route is guarded by its own key
      POST   /codec/decode                                          /codec/decode                                   401  403  403  200
      POST   /codec/encode                                          /codec/encode                                   401  403  403  200
      POST   /codec/ui/{key}/decode                                 /codec/ui/not-the-key/decode                    401  401  401  401
      POST   /codec/ui/{key}/encode                                 /codec/ui/not-the-key/encode                    401  401  401  401
      # Foreman configurations are admin business; users list only ids and names, and read inventory
      GET    /api/foreman/configs                                   /api/foreman/configs                            401  200  200  200
      POST   /api/foreman/configs                                   /api/foreman/configs                            401  403  403  400
      GET    /api/foreman/configs/{id}                              /api/foreman/configs/$CONFIG                    401  403  403  200
      PUT    /api/foreman/configs/{id}                              /api/foreman/configs/$CONFIG                    401  403  403  400
      DELETE /api/foreman/configs/{id}                              /api/foreman/configs/$NONE                      401  403  403  404
      GET    /api/foreman/configs/{id}/tests                        /api/foreman/configs/$CONFIG/tests              401  403  403  200
      POST   /api/foreman/configs/{id}/test                         /api/foreman/configs/$NONE/test                 401  403  403  404
      GET    /api/foreman/configs/{id}/hosts                        /api/foreman/configs/$CONFIG/hosts              401  202  202  202
      GET    /api/foreman/configs/{id}/hosts.csv                    /api/foreman/configs/$CONFIG/hosts.csv          401  202  202  202
      GET    /api/foreman/configs/{id}/hypervisors                  /api/foreman/configs/$CONFIG/hypervisors        401  202  202  202
      GET    /api/foreman/schedule                                  /api/foreman/schedule                           401  403  403  200
      POST   /api/foreman/schedule/pause                            /api/foreman/schedule/pause                     401  403  403  200
      POST   /api/foreman/schedule/resume                           /api/foreman/schedule/resume                    401  403  403  200
      POST   /api/foreman/schedule/trigger                          /api/foreman/schedule/trigger                   401  403  403  202
      # Fort: everyone signed in reads the registry, admins change it and run the providers
      GET    /api/fort/clusters                                     /api/fort/clusters                              401  200  200  200
      POST   /api/fort/clusters                                     /api/fort/clusters                              401  403  403  400
      GET    /api/fort/clusters/{cluster}                           /api/fort/clusters/mx-none                      401  404  404  404
      DELETE /api/fort/clusters/{cluster}                           /api/fort/clusters/mx-none                      401  403  403  404
      PATCH  /api/fort/clusters/{cluster}/providers                 /api/fort/clusters/mx-none/providers            401  403  403  404
      GET    /api/fort/clusters/{cluster}/hosts                     /api/fort/clusters/mx-none/hosts                401  404  404  404
      PUT    /api/fort/clusters/{cluster}/hosts/{host}              /api/fort/clusters/mx-none/hosts/h1             401  403  403  400
      DELETE /api/fort/clusters/{cluster}/hosts/{host}              /api/fort/clusters/mx-none/hosts/h1             401  403  403  404
      POST   /api/fort/clusters/{cluster}/hosts/{host}/agent-certificate /api/fort/clusters/mx-none/hosts/h1/agent-certificate 401  403  403  400
      GET    /api/fort/clusters/{cluster}/principals                /api/fort/clusters/mx-none/principals           401  404  404  404
      PUT    /api/fort/clusters/{cluster}/principals/{principal}    /api/fort/clusters/mx-none/principals/p1        401  403  403  400
      DELETE /api/fort/clusters/{cluster}/principals/{principal}    /api/fort/clusters/mx-none/principals/p1        401  403  403  404
      GET    /api/fort/clusters/{cluster}/agent-cluster-file        /api/fort/clusters/mx-none/agent-cluster-file   401  404  404  404
      GET    /api/fort/clusters/{cluster}/audit                     /api/fort/clusters/mx-none/audit                401  404  404  404
      GET    /api/fort/clusters/{cluster}/fulfilments               /api/fort/clusters/mx-none/fulfilments          401  404  404  404
      GET    /api/fort/clusters/{cluster}/schedule                  /api/fort/clusters/mx-none/schedule             401  404  404  404
      POST   /api/fort/clusters/{cluster}/schedule/pause            /api/fort/clusters/mx-none/schedule/pause       401  403  403  404
      POST   /api/fort/clusters/{cluster}/schedule/resume           /api/fort/clusters/mx-none/schedule/resume      401  403  403  404
      POST   /api/fort/clusters/{cluster}/schedule/trigger          /api/fort/clusters/mx-none/schedule/trigger     401  403  403  404
      POST   /api/fort/clusters/{cluster}/cycles                    /api/fort/clusters/mx-none/cycles               401  403  403  404
      POST   /api/fort/clusters/{cluster}/hosts/{host}/rotate       /api/fort/clusters/mx-none/hosts/h1/rotate      401  403  403  404
      POST   /api/fort/clusters/{cluster}/hosts/{host}/services/{service}/transfer /api/fort/clusters/mx-none/hosts/h1/services/s1/transfer 401 403 403 400
      GET    /api/fort/clusters/{cluster}/refusals                  /api/fort/clusters/mx-none/refusals             401  404  404  404
      # Forward profiles are per user (another user's name is simply not theirs: 404)
      GET    /api/forward/profiles                                  /api/forward/profiles                           401  200  200  200
      POST   /api/forward/profiles                                  /api/forward/profiles                           401  400  400  400
      GET    /api/forward/profiles/{name}                           /api/forward/profiles/$PROFILE                  401  200  404  404
      PUT    /api/forward/profiles/{name}                           /api/forward/profiles/$PROFILE                  401  400  400  400
      DELETE /api/forward/profiles/{name}                           /api/forward/profiles/mx-none                   401  404  404  404
      POST   /api/forward/profiles/{name}/test                      /api/forward/profiles/mx-none/test              401  404  404  404
      GET    /api/forward/profiles/{name}/collectors                /api/forward/profiles/mx-none/collectors        401  404  404  404
      POST   /api/forward/profiles/{name}/collectors/reregister     /api/forward/profiles/mx-none/collectors/reregister  401  404  404  404
      # deployments belong to their owner (another user: 403); the sync still runs, so destroy is 409
      POST   /api/forward/deployments/sync                          /api/forward/deployments/sync                   401  400  400  400
      GET    /api/forward/deployments/{workspace}/{deployment}      /api/forward/deployments/$WORKSPACE/lab         401  200  403  200
      POST   /api/forward/deployments/{workspace}/{deployment}/destroy  /api/forward/deployments/$WORKSPACE/lab/destroy  401  409  403  409
      POST   /api/forward/deployments/{workspace}/{deployment}/bastion/rotate  /api/forward/deployments/$WORKSPACE/lab/bastion/rotate  401  409  403  409
      """;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL);
  }

  private static final List<String> started = new ArrayList<>();
  private static WorkflowClient workflows;

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired WorkflowClient client;

  record Row(String method, String template, String request, int[] expected) {
    String operation() {
      return method + " " + template;
    }
  }

  private static final String[] CALLERS = {"anonymous", "user", "other user", "admin"};

  @Test
  void everyOperationAnswersEachCallerAsTheTableSays() throws Exception {
    workflows = client;
    List<Row> rows = rows();
    Map<String, Boolean> withBody = documentedOperations();
    Set<String> documented = withBody.keySet();
    Set<String> tabled = new TreeSet<>();
    rows.forEach(r -> tabled.add(r.operation()));
    assertThat(documented)
        .as("operations in /v3/api-docs without a row in MATRIX (decide who may call them)")
        .isSubsetOf(tabled);
    assertThat(tabled)
        .as("rows in MATRIX for operations the API no longer has")
        .isSubsetOf(documented);

    Map<String, String> fixtures = fixtures();
    String[] tokens = {
      null, fixtures.get("userToken"), fixtures.get("otherToken"), fixtures.get("adminToken")
    };
    List<String> mismatches = new ArrayList<>();
    for (Row row : rows) {
      String path = row.request();
      for (Map.Entry<String, String> f : fixtures.entrySet()) {
        path = path.replace("$" + f.getKey(), f.getValue());
      }
      String body = withBody.get(row.operation()) ? "{}" : null;
      for (int caller = 0; caller < CALLERS.length; caller++) {
        Http.Resp response = api().bearer(tokens[caller]).send(row.method(), path, body);
        int want = row.expected()[caller];
        if (response.status() != want) {
          mismatches.add(
              "%-55s %-10s expected %d, got %d: %s"
                  .formatted(
                      row.operation(),
                      CALLERS[caller],
                      want,
                      response.status(),
                      abbreviate(response.body())));
        } else if (want >= 400
            && !response
                .raw()
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/problem+json")) {
          mismatches.add(
              "%-55s %-10s %d is not problem+json"
                  .formatted(row.operation(), CALLERS[caller], want));
        }
      }
    }
    assertThat(mismatches).as("cells that differ from MATRIX").isEmpty();
  }

  @AfterAll
  static void terminate() {
    for (String id : started) {
      try {
        workflows.newUntypedWorkflowStub(id).terminate("test over");
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String line : MATRIX.strip().split("\n")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] cells = line.strip().split("\\s+");
      assertThat(cells).as("row '%s' needs 7 cells", line).hasSize(7);
      int[] expected = new int[4];
      for (int i = 0; i < 4; i++) {
        expected[i] = Integer.parseInt(cells[3 + i]);
      }
      rows.add(new Row(cells[0], cells[1], cells[2], expected));
    }
    return rows;
  }

  /** Every operation of {@code /v3/api-docs} ("METHOD /path"), and whether it takes a body. */
  private Map<String, Boolean> documentedOperations() throws Exception {
    Map<String, Boolean> operations = new TreeMap<>();
    JsonNode paths = apiDocs().path("paths");
    paths
        .fieldNames()
        .forEachRemaining(
            path ->
                paths
                    .path(path)
                    .fields()
                    .forEachRemaining(
                        op ->
                            operations.put(
                                op.getKey().toUpperCase() + " " + path,
                                op.getValue().has("requestBody"))));
    assertThat(operations).as("the API documents its operations").hasSizeGreaterThan(20);
    return operations;
  }

  private JsonNode apiDocs() throws Exception {
    Http.Resp docs = api().send("GET", "/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    return docs.json();
  }

  /** A user who owns a Forward profile, a deployment and its sync run; another user; an admin. */
  private Map<String, String> fixtures() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String user = "mx-user-" + suffix;
    Map<String, String> f = new LinkedHashMap<>();
    f.put("USER", user);
    f.put("userToken", users.issueToken(users.create(user, Role.USER).id(), "t").token());
    f.put(
        "otherToken",
        users.issueToken(users.create("mx-other-" + suffix, Role.USER).id(), "t").token());
    String admin =
        users.issueToken(users.create("mx-admin-" + suffix, Role.ADMIN).id(), "t").token();
    f.put("adminToken", admin);
    f.put("NONE", UUID.randomUUID().toString());

    Http asUser = api().bearer(f.get("userToken"));
    f.put("PROFILE", "mx-profile");
    assertThat(
            asUser
                .send(
                    "POST",
                    "/api/forward/profiles",
                    "{\"name\":\"mx-profile\",\"username\":\"k\",\"password\":\"s\"}")
                .status())
        .isEqualTo(201);
    String workspace = "mx-ws-" + suffix;
    f.put("WORKSPACE", workspace);
    Http.Resp sync =
        asUser.send(
            "POST",
            "/api/forward/deployments/sync",
            """
            {"workspace":"%s","deployment":"lab","deploymentType":"clabernetes","profile":"mx-profile",
             "devices":[{"name":"r1","kind":"eos","host":"r1.lab.svc"}]}"""
                .formatted(workspace));
    assertThat(sync.status()).as(sync.body()).isEqualTo(202);
    String run = sync.json().path("workflowId").asText();
    started.add(run);
    f.put("RUN", run);

    Http.Resp config =
        api()
            .bearer(admin)
            .send(
                "POST",
                "/api/foreman/configs",
                "{\"name\":\"mx-foreman\",\"baseUrl\":\"http://127.0.0.1:9/\",\"username\":\"svc\",\"token\":\"t\"}");
    assertThat(config.status()).as(config.body()).isEqualTo(201);
    f.put("CONFIG", config.json().path("id").asText());
    return f;
  }

  private Http api() {
    return new Http("http://127.0.0.1:" + port, null, null);
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
  }
}
