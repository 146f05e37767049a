package dev.ferry.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, a fresh database per caller so
 * tests do not see each other's rows.
 */
public final class TestDatabase {

  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.close();
                      } catch (IOException ignored) {
                        // the JVM is exiting
                      }
                    }));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
    }
    return postgres;
  }

  /** JDBC URL of a new, empty database. */
  public static String newDatabaseUrl() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = server().getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  /** A data source on a new, empty database, as the server's superuser. */
  public static DriverManagerDataSource newDataSource() {
    return new DriverManagerDataSource(newDatabaseUrl(), "postgres", "postgres");
  }

  public static DataSource postgresDataSource() {
    return server().getPostgresDatabase();
  }
}
