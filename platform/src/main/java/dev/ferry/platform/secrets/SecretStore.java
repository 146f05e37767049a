package dev.ferry.platform.secrets;

import dev.ferry.platform.db.Rows;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way to seal and open a stored secret. Every credential Ferry keeps lives in one table,
 * encrypted, and is referred to elsewhere by its {@link SecretRef}: repositories store only refs,
 * workflows carry only row ids, and activities open the secret at the moment they use it.
 */
public class SecretStore {

  private final JdbcClient jdbc;
  private final SecretCipher cipher;

  public SecretStore(JdbcClient jdbc, SecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /** Seals a new secret and returns its reference. */
  public SecretRef seal(String purpose, String plaintext) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO secrets (id, purpose, key_id, ciphertext) VALUES (?, ?, ?, ?)")
        .params(id, purpose, cipher.primaryKeyId(), cipher.seal(plaintext, id.toString()))
        .update();
    return new SecretRef(id);
  }

  /** Replaces the value behind an existing reference (e.g. a rotated token). */
  public void reseal(SecretRef ref, String plaintext) {
    int rows =
        jdbc.sql("UPDATE secrets SET key_id = ?, ciphertext = ?, updated_at = now() WHERE id = ?")
            .params(cipher.primaryKeyId(), cipher.seal(plaintext, ref.id().toString()), ref.id())
            .update();
    if (rows == 0) {
      throw new IllegalArgumentException("no " + ref);
    }
  }

  /** The plaintext; call it at the moment the value is used, and keep it no longer. */
  public String open(SecretRef ref) {
    return jdbc.sql("SELECT ciphertext FROM secrets WHERE id = ?")
        .param(ref.id())
        .query(String.class)
        .optional()
        .map(ciphertext -> cipher.open(ciphertext, ref.id().toString()))
        .orElseThrow(() -> new IllegalArgumentException("no " + ref));
  }

  /** Deletes the secret; null (an optional secret that was never set) is ignored. */
  public void delete(SecretRef ref) {
    if (ref != null) {
      jdbc.sql("DELETE FROM secrets WHERE id = ?").param(ref.id()).update();
    }
  }

  /** Re-seals every secret not yet under the newest key; returns how many were rewritten. */
  @Transactional
  public int reencryptAll() {
    List<Row> stale =
        jdbc.sql("SELECT id, ciphertext FROM secrets WHERE key_id <> ? FOR UPDATE")
            .param(cipher.primaryKeyId())
            .query(Rows.of(Row.class))
            .list();
    for (Row row : stale) {
      String plaintext = cipher.open(row.ciphertext(), row.id().toString());
      jdbc.sql("UPDATE secrets SET key_id = ?, ciphertext = ?, updated_at = ? WHERE id = ?")
          .params(
              cipher.primaryKeyId(),
              cipher.seal(plaintext, row.id().toString()),
              OffsetDateTime.now(),
              row.id())
          .update();
    }
    return stale.size();
  }

  /** Counts secrets per key id, so an operator can see when an old key is no longer needed. */
  public List<KeyUsage> usage() {
    return jdbc.sql(
            "SELECT key_id, count(*) AS secrets FROM secrets GROUP BY key_id ORDER BY key_id")
        .query(Rows.of(KeyUsage.class))
        .list();
  }

  public record KeyUsage(String keyId, long secrets) {}

  private record Row(UUID id, String ciphertext) {}
}
