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
 * production-like Ferry needs, pinned images, health checks, and the wiring between them. Also
 * keeps the dev server's search-attribute list in step with the code.
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
    Map<String, Object> temporal = service("temporal");
    Map<String, Object> temporalEnv = (Map<String, Object>) temporal.get("environment");
    assertThat(temporalEnv)
        .containsEntry("DB", "postgres12")
        .containsEntry("POSTGRES_SEEDS", "postgresql");

    for (String ferry : List.of("ferry-worker", "ferry-api")) {
      Map<String, Object> service = service(ferry);
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).as(ferry).containsEntry("TEMPORAL_TARGET", "temporal:7233");
      assertThat((String) env.get("FERRY_JDBC_URL"))
          .as(ferry)
          .startsWith("jdbc:postgresql://postgresql:5432/");
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
  void searchAttributesAreRegisteredEverywhereTheCodeUsesThem() throws Exception {
    String script = Files.readString(ROOT.resolve("scripts/lib.sh"));
    String composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
    for (SearchAttributeKey<?> key : FerrySearchAttributes.ALL) {
      assertThat(script)
          .as("scripts/lib.sh")
          .containsPattern(
              "\\b" + key.getName() + "=(Keyword|KeywordList|Int|Bool|Datetime|Double|Text)\\b");
      assertThat(composeText).as("docker-compose.yml").contains(key.getName());
    }
    Matcher registered = Pattern.compile("\\b(Ferry[A-Za-z]+)=").matcher(script);
    List<String> codeNames =
        FerrySearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList();
    while (registered.find()) {
      assertThat(codeNames)
          .as("registered in lib.sh but unknown to the code")
          .contains(registered.group(1));
    }
  }
}
