package dev.ferry.agent;

import java.util.Optional;

/** What a principal may do; roles grant sets of these (deny by default). */
public enum Capability {
  /** Reading the host manifest: every authenticated principal has it (providers poll it). */
  MANIFEST_READ("manifest:read"),
  STATUS_QUERY("status:query"),
  CREDENTIALS_WRITE("credentials:write"),
  SERVICE_SIGNAL("service:signal"),
  JOURNAL_READ("journal:read"),
  FILE_READ("file:read");

  private final String id;

  Capability(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<Capability> fromId(String id) {
    for (Capability c : values()) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
