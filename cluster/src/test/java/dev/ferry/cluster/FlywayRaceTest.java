package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two API instances started at the same moment on an empty database: Flyway's lock lets one migrate
 * while the other waits and finds the schema current, and both serve.
 */
@Order(2)
class FlywayRaceTest {

  /** How many versioned migrations a database holds (the cluster's own ferry database: all). */
  private static int versions(Cluster cluster, String database) throws Exception {
    try (Connection db = cluster.superuser(database);
        Statement sql = db.createStatement();
        ResultSet count =
            sql.executeQuery(
                "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success")) {
      count.next();
      return count.getInt(1);
    }
  }

  @Test
  void twoApisStartingAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
    Cluster cluster = Cluster.get();
    try (Connection admin = cluster.superuser("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS ferry_race");
      sql.execute("CREATE DATABASE ferry_race OWNER ferry");
    }
    List<Integer> ports = new ArrayList<>(cluster.apiPorts);
    ports.add(Cluster.freePort(new java.util.HashSet<>(ports)));
    ports.add(Cluster.freePort(new java.util.HashSet<>(ports)));
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("FERRY_CLUSTER_DB", "ferry_race");
    env.put("FERRY_API_PORTS", String.join(" ", ports.stream().map(String::valueOf).toList()));
    env.put("FERRY_BOOTSTRAP_TOKEN_FILE", cluster.home.resolve("race-admin-token").toString());

    Progress.step("Flyway race: api-3 and api-4 start at once on the empty database ferry_race");
    long started = System.nanoTime();
    CompletableFuture<?> third =
        CompletableFuture.runAsync(
            () -> Cluster.run(List.of("bash", "scripts/cluster.sh", "start", "api-3"), env));
    CompletableFuture<?> fourth =
        CompletableFuture.runAsync(
            () -> Cluster.run(List.of("bash", "scripts/cluster.sh", "start", "api-4"), env));
    try {
      CompletableFuture.allOf(third, fourth).join();
      Progress.step("both APIs healthy after %.1f s", Progress.since(started));

      try (Connection race = cluster.superuser("ferry_race");
          Statement sql = race.createStatement();
          ResultSet versions =
              sql.executeQuery(
                  "SELECT version, count(*), bool_and(success) FROM flyway_schema_history"
                      + " WHERE version IS NOT NULL GROUP BY version")) {
        int migrations = 0;
        while (versions.next()) {
          migrations++;
          assertThat(versions.getInt(2)).as("version " + versions.getString(1)).isEqualTo(1);
          assertThat(versions.getBoolean(3)).as("version " + versions.getString(1)).isTrue();
        }
        assertThat(migrations).as("migrations applied").isEqualTo(versions(cluster, "ferry"));
        ResultSet admins = sql.executeQuery("SELECT count(*) FROM users WHERE name = 'admin'");
        admins.next();
        assertThat(admins.getInt(1)).as("bootstrap admins").isEqualTo(1);
      }
      List<String> logs = new ArrayList<>();
      for (String api : List.of("api-3", "api-4")) {
        logs.add(Files.readString(cluster.home.resolve("logs/" + api + ".log")));
      }
      assertThat(logs.stream().filter(l -> l.contains("Successfully applied")).count())
          .as("instances that migrated")
          .isEqualTo(1);
      assertThat(logs.stream().filter(l -> l.contains("is up to date")).count())
          .as("instances that found the schema current")
          .isEqualTo(1);
    } finally {
      Cluster.run(List.of("bash", "scripts/cluster.sh", "stop", "api-3"), env);
      Cluster.run(List.of("bash", "scripts/cluster.sh", "stop", "api-4"), env);
    }
  }
}
