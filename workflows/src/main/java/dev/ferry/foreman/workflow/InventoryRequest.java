package dev.ferry.foreman.workflow;

import java.util.UUID;

/** Which configuration to inventory, and the Foreman search to pass through ("" = every host). */
public record InventoryRequest(UUID configId, String search) {

  public InventoryRequest {
    search = search == null ? "" : search.trim();
  }
}
