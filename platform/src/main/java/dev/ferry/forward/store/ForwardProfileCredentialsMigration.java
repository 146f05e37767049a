package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Flyway V41: splits the Forward profile credentials stored before V40 as one sealed {@code
 * user:password} into the {@code username} column and a secret holding the password alone. It is
 * Java because SQL cannot open the secrets; the platform configuration registers it with the
 * application's Flyway. A fresh database has no such rows, so plain-Flyway test databases do not
 * need it.
 */
public class ForwardProfileCredentialsMigration implements JavaMigration {

  private final SecretCipher cipher;

  public ForwardProfileCredentialsMigration(SecretCipher cipher) {
    this.cipher = cipher;
  }

  private record Combined(UUID profileId, UUID secretId, String ciphertext) {}

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("41");
  }

  @Override
  public String getDescription() {
    return "split forward profile credentials";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    for (Combined row : combined(connection)) {
      String credentials = cipher.open(row.ciphertext(), row.secretId().toString());
      // HTTP Basic user names cannot contain ':', passwords can: the first colon is the split.
      int colon = credentials.indexOf(':');
      if (colon < 0) {
        throw new IllegalStateException(
            "Forward profile " + row.profileId() + " has credentials without a ':' separator");
      }
      update(
          connection,
          "UPDATE secrets SET purpose = 'forward-profile-password', key_id = ?, ciphertext = ?,"
              + " updated_at = now() WHERE id = ?",
          cipher.primaryKeyId(),
          cipher.seal(credentials.substring(colon + 1), row.secretId().toString()),
          row.secretId());
      update(
          connection,
          "UPDATE forward_profiles SET username = ? WHERE id = ?",
          credentials.substring(0, colon),
          row.profileId());
    }
  }

  private static List<Combined> combined(Connection connection) throws SQLException {
    List<Combined> rows = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT p.id, s.id, s.ciphertext FROM forward_profiles p"
                    + " JOIN secrets s ON s.id = p.password_secret_id WHERE p.username IS NULL");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Combined(
                rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)));
      }
    }
    return rows;
  }

  private static void update(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    }
  }
}
