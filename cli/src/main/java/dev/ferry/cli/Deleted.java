package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** What a delete command prints with {@code -o json}: the API answers a delete with no body. */
final class Deleted {

  private Deleted() {}

  static JsonNode of(String name) {
    return JsonNodeFactory.instance.objectNode().put("deleted", name);
  }
}
