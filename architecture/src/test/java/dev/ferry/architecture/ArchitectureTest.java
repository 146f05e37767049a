package dev.ferry.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked over the compiled main classes of every module. The
 * reactor builds this module last, so {@code ../<module>/target/classes} is current.
 */
class ArchitectureTest {

  private static final List<String> MODULES =
      List.of("workflows", "platform", "activities", "worker", "api", "cli", "agent", "sandbox");

  /** The features whose code spans layers: {@code dev.ferry.<feature>.<layer>}. */
  private static final List<String> FEATURES = List.of("forward", "foreman", "fort");

  private static final String[] WORKFLOW = layer("workflow", "dev.ferry.workflow..");
  // Flyway finds Java migrations by their package, db.migration, next to the SQL ones.
  private static final String[] STORE = layer("store", "dev.ferry.platform..", "db.migration..");
  private static final String[] ACTIVITY = layer("activity", "dev.ferry.remote..");

  private static JavaClasses ferry;

  @BeforeAll
  static void importEveryModule() {
    List<Path> compiled =
        MODULES.stream().map(module -> Path.of("..", module, "target", "classes")).toList();
    for (Path dir : compiled) {
      // An empty import would make every rule pass; refuse to check nothing.
      assertThat(Files.isDirectory(dir.resolve("dev/ferry")))
          .as("compiled classes in %s (build the reactor first)", dir)
          .isTrue();
    }
    ferry = new ClassFileImporter().importPaths(compiled);
    assertThat(ferry.size()).isGreaterThan(200);
  }

  static final ArchRule EVERY_CLASS_IN_A_KNOWN_LAYER =
      classes()
          .should()
          .resideInAnyPackage(
              concat(
                  WORKFLOW,
                  STORE,
                  ACTIVITY,
                  new String[] {
                    "dev.ferry.worker..",
                    "dev.ferry.api..",
                    "dev.ferry.cli..",
                    "dev.ferry.agent..",
                    "dev.ferry.sandbox.."
                  }));

  static final ArchRule LAYERS_ONLY_REACH_DOWNWARDS =
      layers()
          .whereLayer("Workflow")
          .mayNotAccessAnyLayer()
          .whereLayer("Store")
          .mayOnlyAccessLayers("Workflow")
          .whereLayer("Activity")
          .mayOnlyAccessLayers("Store", "Workflow", "Agent")
          .whereLayer("Worker")
          .mayOnlyAccessLayers("Activity", "Store", "Workflow")
          .whereLayer("Api")
          .mayOnlyAccessLayers("Store", "Workflow")
          .whereLayer("Cli")
          .mayNotAccessAnyLayer()
          .whereLayer("Agent")
          .mayNotAccessAnyLayer()
          .whereLayer("Sandbox")
          .mayNotAccessAnyLayer();

  static final ArchRule WORKFLOWS_USE_ONLY_THE_SDK_AND_THE_JDK =
      classes()
          .that()
          .resideInAnyPackage(WORKFLOW)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(concat(WORKFLOW, new String[] {"java..", "io.temporal.."}));

  static final ArchRule WORKFLOW_CODE_IS_DETERMINISTIC =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOW)
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(UUID.class, "randomUUID")
          .orShould()
          .dependOnClassesThat()
          .belongToAnyOf(Random.class, ThreadLocalRandom.class, Thread.class)
          .because("workflow code replays: time, randomness and sleep come from Workflow.*");

  static final ArchRule THE_AGENT_STANDS_ALONE =
      noClasses()
          .that()
          .resideInAPackage("dev.ferry.agent..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.ferry..").and(resideOutsideOfPackage("dev.ferry.agent..")))
          .because("the agent ships alone to every host");

  static final ArchRule THE_API_NEVER_CALLS_REMOTES =
      noClasses()
          .that()
          .resideInAPackage("dev.ferry.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              concat(
                  ACTIVITY, new String[] {"dev.ferry.sandbox..", "dev.ferry.agent..", "okhttp3.."}))
          .because("the api stores requests and starts workflows; activities do all outbound I/O");

  static final ArchRule ONE_PLACE_BUILDS_HTTP_CLIENTS =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.ferry.remote.HttpClients")
          .should()
          .callConstructor("okhttp3.OkHttpClient")
          .orShould()
          .callConstructor("okhttp3.OkHttpClient$Builder")
          .because("timeouts, TLS trust and the connection pool are set in one place");

  static final ArchRule NO_CYCLES_BETWEEN_FEATURES =
      slices().matching("dev.ferry.(*)..").should().beFreeOfCycles();

  static final ArchRule NO_CYCLES_BETWEEN_LAYER_PACKAGES =
      slices().matching("dev.ferry.(*).(*)..").should().beFreeOfCycles();

  static final List<ArchRule> RULES =
      List.of(
          EVERY_CLASS_IN_A_KNOWN_LAYER,
          LAYERS_ONLY_REACH_DOWNWARDS,
          WORKFLOWS_USE_ONLY_THE_SDK_AND_THE_JDK,
          WORKFLOW_CODE_IS_DETERMINISTIC,
          THE_AGENT_STANDS_ALONE,
          THE_API_NEVER_CALLS_REMOTES,
          ONE_PLACE_BUILDS_HTTP_CLIENTS,
          NO_CYCLES_BETWEEN_FEATURES,
          NO_CYCLES_BETWEEN_LAYER_PACKAGES);

  @Test
  void ferryKeepsEveryRule() {
    List<String> broken =
        RULES.stream()
            .map(rule -> rule.evaluate(ferry))
            .filter(EvaluationResult::hasViolation)
            .map(result -> result.getFailureReport().toString())
            .toList();
    assertThat(broken).isEmpty();
  }

  /** Each rule must be able to fail: the fixtures under {@code ..violations} break every one. */
  @Test
  void everyRuleCatchesItsViolation() {
    JavaClasses violations =
        new ClassFileImporter()
            .importPackages(
                "dev.ferry.forward.workflow.violations",
                "dev.ferry.forward.activity.violations",
                "dev.ferry.fort.activity.violations",
                "dev.ferry.api.violations",
                "dev.ferry.agent.violations",
                "dev.ferry.violations");
    assertThat(violations.size()).isEqualTo(6);
    for (ArchRule rule : RULES) {
      assertThat(rule.evaluate(violations).hasViolation()).as(rule.getDescription()).isTrue();
    }
  }

  private static LayeredArchitecture layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Workflow")
        .definedBy(WORKFLOW)
        .layer("Store")
        .definedBy(STORE)
        .layer("Activity")
        .definedBy(ACTIVITY)
        .layer("Worker")
        .definedBy("dev.ferry.worker..")
        .layer("Api")
        .definedBy("dev.ferry.api..")
        .layer("Cli")
        .definedBy("dev.ferry.cli..")
        .layer("Agent")
        .definedBy("dev.ferry.agent..")
        .layer("Sandbox")
        .definedBy("dev.ferry.sandbox..");
  }

  private static String[] layer(String name, String... sharedPackages) {
    return concat(
        sharedPackages,
        FEATURES.stream().map(f -> "dev.ferry." + f + "." + name + "..").toArray(String[]::new));
  }

  private static String[] concat(String[]... groups) {
    return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
