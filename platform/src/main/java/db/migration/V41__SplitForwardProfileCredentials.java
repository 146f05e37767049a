package db.migration;

import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Splits the Forward profile credentials stored before V40 as one sealed {@code user:password} into
 * the {@code username} column and a secret holding the password alone. It is Java because SQL
 * cannot open the secrets, and it lives where Flyway finds it on its own, so every Flyway (the
 * applications' and the tests' plain ones) applies the same V41.
 *
 * <p>The keys come from the Flyway placeholder {@value #KEYS_PLACEHOLDER}, which the platform
 * configuration fills from {@code ferry.secrets.keys}; a database without such rows needs none.
 */
public class V41__SplitForwardProfileCredentials extends BaseJavaMigration {

  public static final String KEYS_PLACEHOLDER = "ferry_secret_keys";

  private record Combined(UUID profileId, UUID secretId, String ciphertext) {}

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    List<Combined> rows = combined(connection);
    if (rows.isEmpty()) {
      return;
    }
    String keys = context.getConfiguration().getPlaceholders().get(KEYS_PLACEHOLDER);
    if (keys == null || keys.isBlank()) {
      throw new IllegalStateException(
          rows.size()
              + " Forward profile(s) need their credentials split, but Flyway was given no secret"
              + " keys (placeholder "
              + KEYS_PLACEHOLDER
              + ")");
    }
    SecretCipher cipher = new SecretCipher(SecretKeyring.parse(keys));
    for (Combined row : rows) {
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
