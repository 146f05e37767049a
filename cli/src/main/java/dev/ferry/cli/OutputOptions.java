package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code -o text|json}, mixed into every command. With {@code json}, stdout carries exactly one
 * JSON document: the API's answer with the field names of its OpenAPI document (or, for commands
 * the API answers with no body, the small object the command's help names). Progress and errors go
 * to stderr either way, and the exit codes are the same.
 */
class OutputOptions {

  enum Format {
    TEXT,
    JSON
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default) or json: the result as one JSON document on stdout, for pipelines")
  Format format = Format.TEXT;

  boolean json() {
    return format == Format.JSON;
  }

  /** Prints the result as JSON, or as text by the command's own renderer. */
  int print(JsonNode result, Consumer<JsonNode> text) {
    if (json()) {
      System.out.println(result.toPrettyString());
    } else {
      text.accept(result);
    }
    return ExitCodes.OK;
  }
}
