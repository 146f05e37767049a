package dev.ferry.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows become records by column name, against a real PostgreSQL. */
class RowsTest {

  record Profile(
      UUID id,
      String baseUrl,
      SecretRef passwordSecretId,
      Integer jumpPort,
      int port,
      long hostCount,
      boolean isDefault,
      OffsetDateTime createdAt) {}

  record Strict(UUID id) {
    Strict {
      if (id == null) {
        throw new IllegalArgumentException("id is required");
      }
    }
  }

  private static JdbcClient jdbc;

  @BeforeAll
  static void database() {
    jdbc = JdbcClient.create(TestDatabase.newDataSource());
    jdbc.sql(
            """
            CREATE TABLE profiles (id uuid, base_url text, password_secret_id uuid,
              jump_port int, port smallint, host_count bigint, is_default boolean,
              created_at timestamptz)""")
        .update();
  }

  @Test
  void snakeCaseColumnsFillCamelCaseComponentsWithTheirTypes() {
    UUID id = UUID.randomUUID();
    UUID secret = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO profiles VALUES (?, 'https://fwd.example', ?, NULL, 443, 5000000000, true,"
                + " '2026-12-01T10:00:00Z')")
        .params(id, secret)
        .update();

    List<Profile> rows =
        jdbc.sql("SELECT * FROM profiles WHERE id = ?")
            .param(id)
            .query(Rows.of(Profile.class))
            .list();

    assertThat(rows)
        .containsExactly(
            new Profile(
                id,
                "https://fwd.example",
                new SecretRef(secret),
                null,
                443,
                5_000_000_000L,
                true,
                OffsetDateTime.parse("2026-12-01T10:00:00Z")));
  }

  @Test
  void columnsAreFoundByLabelInAnyOrderAndCase() {
    UUID id = UUID.randomUUID();
    Profile row =
        jdbc.sql(
                """
                SELECT now() AS "CREATED_AT", false AS isdefault, 7 AS host_count, 22 AS port,
                  2222 AS jump_port, NULL::uuid AS password_secret_id, 'u' AS baseurl, ?::uuid AS id""")
            .param(id)
            .query(Rows.of(Profile.class))
            .single();

    assertThat(row.id()).isEqualTo(id);
    assertThat(row.jumpPort()).isEqualTo(2222);
    assertThat(row.passwordSecretId()).isNull();
    assertThat(row.baseUrl()).isEqualTo("u");
  }

  @Test
  void aMissingColumnNamesTheComponent() {
    assertThatThrownBy(
            () -> jdbc.sql("SELECT gen_random_uuid() AS id").query(Rows.of(Profile.class)).list())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no column for baseUrl");
  }

  @Test
  void aRowTheRecordRefusesSaysWhichRow() {
    assertThatThrownBy(
            () ->
                jdbc.sql("SELECT gen_random_uuid() AS id UNION ALL SELECT NULL")
                    .query(Rows.of(Strict.class))
                    .list())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("row 1 does not make a Strict: id is required");
  }
}
