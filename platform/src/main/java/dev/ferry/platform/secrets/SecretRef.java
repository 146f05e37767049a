package dev.ferry.platform.secrets;

import java.util.Objects;
import java.util.UUID;

/**
 * A stored secret's id: what rows and records hold instead of the value. Only {@link SecretStore}
 * turns it into plaintext, so a {@code SecretRef} may be logged or compared freely.
 *
 * <p>Row mappers build it from a UUID column through this record's constructor.
 */
public record SecretRef(UUID id) {

  public SecretRef {
    Objects.requireNonNull(id, "id");
  }

  /** The value to bind to a UUID column; null for an absent (optional) secret. */
  public static UUID column(SecretRef ref) {
    return ref == null ? null : ref.id();
  }

  @Override
  public String toString() {
    return "secret:" + id;
  }
}
