package dev.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked for structure: the services a
 * production-like Ferry needs, pinned images, health checks, and the wiring between them; and that
 * it is the shape `make run-cluster` proves (scripts/cluster.sh, whose fault tests run in `make
 * test-cluster`): the same Temporal server and UI versions, the same deploy/ files for server
 * config, dynamic config, schema, namespace and databases, and the same PostgreSQL settings. Also
 * keeps the search-attribute list in step with the code.
 */
class DeploymentFilesTest {

  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() throws Exception {
    return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) throws Exception {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceHasAPinnedImageAndLongRunningOnesAHealthCheck() throws Exception {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services.keySet())
        .contains("postgresql", "temporal", "temporal-ui", "ferry-worker", "ferry-api");
    services.forEach(
        (name, raw) -> {
          Map<String, Object> service = (Map<String, Object>) raw;
          String image = (String) service.get("image");
          assertThat(image)
              .as(name + " image")
              .isNotBlank()
              .matches(".+:[0-9][^:]*")
              .doesNotEndWith(":latest");
          if (!"no".equals(service.get("restart"))) {
            assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
          }
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void temporalPersistsInPostgresAndFerryIsWiredToBoth() throws Exception {
    Map<String, Object> temporalEnv = (Map<String, Object>) service("temporal").get("environment");
    assertThat(temporalEnv).containsEntry("TEMPORAL_DB_HOST", "postgresql");

    for (String ferry : List.of("ferry-worker", "ferry-api")) {
      Map<String, Object> service = service(ferry);
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).as(ferry).containsEntry("TEMPORAL_TARGET", "temporal:7233");
      assertThat((String) env.get("FERRY_JDBC_URL"))
          .as(ferry)
          .isEqualTo("jdbc:postgresql://postgresql:5432/ferry");
      assertThat(env).as(ferry).containsEntry("FERRY_DB_USER", "ferry");
      assertThat((String) env.get("FERRY_SECRET_KEYS"))
          .as(ferry + " must require a key")
          .contains(":?");
      Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
      assertThat(dependsOn).as(ferry).containsKeys("postgresql", "temporal-setup");
    }
    Map<String, Object> uiEnv = (Map<String, Object>) service("temporal-ui").get("environment");
    assertThat((String) uiEnv.get("TEMPORAL_CODEC_ENDPOINT")).contains("/codec/ui/");
  }

  @Test
  void composeRunsTheTemporalVersionsTheClusterScriptBuilds() throws Exception {
    String lib = Files.readString(ROOT.resolve("scripts/lib.sh"));
    String server = shellValue(lib, "TEMPORAL_SERVER_VERSION").replaceFirst("^v", "");
    String ui = shellValue(lib, "TEMPORAL_UI_VERSION").replaceFirst("^v", "");
    assertThat(service("temporal").get("image")).isEqualTo("temporalio/server:" + server);
    assertThat(service("temporal-schema").get("image"))
        .isEqualTo("temporalio/admin-tools:" + server);
    assertThat(service("temporal-setup").get("image"))
        .isEqualTo("temporalio/admin-tools:" + server);
    assertThat(service("temporal-ui").get("image")).isEqualTo("temporalio/ui:" + ui);
    assertThat(Files.readString(ROOT.resolve("docker-compose.yml")))
        .as("Temporal does not recommend auto-setup for production")
        .doesNotContain("auto-setup");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeAndTheClusterScriptUseTheSameDeployFiles() throws Exception {
    String cluster = Files.readString(ROOT.resolve("scripts/cluster.sh"));
    // the server: deploy/temporal/ferry.yaml with the dynamic config next to it
    Map<String, Object> temporal = service("temporal");
    assertThat((List<String>) temporal.get("volumes"))
        .contains("./deploy/temporal:/etc/temporal/ferry:ro");
    assertThat(String.join(" ", (List<String>) temporal.get("entrypoint")))
        .contains("--root / --config etc/temporal/ferry --env ferry");
    assertThat(cluster).contains("--config deploy/temporal").contains("--env ferry");
    Map<String, Object> env = (Map<String, Object>) temporal.get("environment");
    assertThat(env)
        .containsEntry("TEMPORAL_DYNAMIC_CONFIG", "/etc/temporal/ferry/dynamicconfig.yaml");
    assertThat(cluster)
        .contains("TEMPORAL_DYNAMIC_CONFIG=\"$FERRY_ROOT/deploy/temporal/dynamicconfig.yaml\"");
    String serverConfig = Files.readString(ROOT.resolve("deploy/temporal/ferry.yaml"));
    for (String variable : env.keySet()) {
      assertThat(serverConfig).as("ferry.yaml reads " + variable).contains("\"" + variable + "\"");
      assertThat(cluster).as("cluster.sh sets " + variable).containsPattern("\\b" + variable + "=");
    }
    // schema, namespace and databases: the same scripts
    assertThat(service("temporal-schema").get("entrypoint").toString()).contains("setup-schema.sh");
    assertThat(service("temporal-setup").get("entrypoint").toString())
        .contains("setup-namespace.sh");
    assertThat(cluster)
        .contains("deploy/temporal/setup-schema.sh")
        .contains("deploy/temporal/setup-namespace.sh")
        .contains("deploy/postgresql/create-databases.sh");
    assertThat((List<String>) service("postgresql").get("volumes"))
        .anyMatch(
            v ->
                v.startsWith(
                    "./deploy/postgresql/create-databases.sh:/docker-entrypoint-initdb.d/"));
    // the Web UI is configured by the same variables
    Map<String, Object> uiEnv = (Map<String, Object>) service("temporal-ui").get("environment");
    for (String variable : uiEnv.keySet()) {
      assertThat(cluster).as("cluster.sh sets " + variable).contains(variable + "=");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void postgresRunsWithTheClusterScriptsSettingsAndFsyncOn() throws Exception {
    Matcher settings =
        Pattern.compile("POSTGRES_SETTINGS=\\(([^)]*)\\)")
            .matcher(Files.readString(ROOT.resolve("scripts/cluster.sh")));
    assertThat(settings.find()).as("POSTGRES_SETTINGS in cluster.sh").isTrue();
    List<String> script = List.of(settings.group(1).trim().split("\\s+"));
    List<String> command = (List<String>) service("postgresql").get("command");
    List<String> compose = new java.util.ArrayList<>();
    for (int i = 1; i < command.size(); i += 2) {
      assertThat(command.get(i)).isEqualTo("-c");
      compose.add(command.get(i + 1));
    }
    assertThat(command.get(0)).isEqualTo("postgres");
    assertThat(compose).isEqualTo(script).contains("fsync=on", "synchronous_commit=on");
  }

  @Test
  void searchAttributesAreRegisteredEverywhereTheCodeUsesThem() throws Exception {
    String list = Files.readString(ROOT.resolve("deploy/temporal/search-attributes"));
    for (SearchAttributeKey<?> key : FerrySearchAttributes.ALL) {
      assertThat(list)
          .as("deploy/temporal/search-attributes")
          .containsPattern(
              "(?m)^" + key.getName() + "=(Keyword|KeywordList|Int|Bool|Datetime|Double|Text)$");
    }
    Matcher registered = Pattern.compile("(?m)^(Ferry[A-Za-z]+)=").matcher(list);
    List<String> codeNames =
        FerrySearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList();
    while (registered.find()) {
      assertThat(codeNames)
          .as("registered in deploy/temporal/search-attributes but unknown to the code")
          .contains(registered.group(1));
    }
    assertThat(Files.readString(ROOT.resolve("scripts/lib.sh")))
        .as("the dev server of make run registers the same list")
        .contains("deploy/temporal/search-attributes");
  }

  private static String shellValue(String script, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=\"([^\"]+)\"").matcher(script);
    assertThat(m.find()).as(name + " in scripts/lib.sh").isTrue();
    return m.group(1);
  }
}
