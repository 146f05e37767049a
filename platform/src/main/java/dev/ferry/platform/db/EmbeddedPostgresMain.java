package dev.ferry.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded PostgreSQL that a local Ferry uses when no external database is configured.
 * Data persists in the given directory; the worker and the API connect to it by JDBC URL like any
 * other PostgreSQL.
 */
public final class EmbeddedPostgresMain {

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(System.getProperty("ferry.pg.data", ".ferry/postgres")).toAbsolutePath();
    int port = Integer.parseInt(System.getProperty("ferry.pg.port", "5433"));
    Files.createDirectories(dataDir.getParent());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    System.err.println(
                        "{\"event\":\"postgres.stop_failed\",\"error\":\""
                            + e.getMessage()
                            + "\"}");
                  }
                }));
    System.out.println(
        "{\"event\":\"postgres.ready\",\"jdbcUrl\":\""
            + postgres.getJdbcUrl("postgres", "postgres")
            + "\",\"dataDir\":\""
            + dataDir
            + "\"}");
    new CountDownLatch(1).await();
  }

  private EmbeddedPostgresMain() {}
}
