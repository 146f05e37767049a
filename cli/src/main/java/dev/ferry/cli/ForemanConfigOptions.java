package dev.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The settings of a Foreman configuration, shared by {@code ferry foreman create} and {@code
 * update}; on update every option left out keeps its value.
 */
class ForemanConfigOptions {
  @Option(names = "--url", description = "Foreman base URL, e.g. https://foreman.example.com")
  String url;

  @Option(names = "--username", description = "Foreman login owning the token")
  String username;

  @Option(
      names = "--token",
      arity = "0..1",
      interactive = true,
      description =
          "Personal access token (prompted if given without a value; or set FOREMAN_TOKEN)")
  String token;

  @Option(
      names = "--password",
      arity = "0..1",
      interactive = true,
      description = "The user's password instead of a token (prompted if given without a value)")
  String password;

  @Option(
      names = "--verify-tls",
      negatable = true,
      description = "Verify Foreman's certificate (default true)")
  Boolean verifyTls;

  @Option(
      names = "--ca-bundle",
      paramLabel = "PEM_FILE",
      description = "Trust these CA certificates (PEM)")
  Path caBundle;

  @Option(names = "--connect-timeout-ms")
  Integer connectTimeoutMs;

  @Option(names = "--read-timeout-ms")
  Integer readTimeoutMs;

  @Option(
      names = "--hypervisor-search",
      description = "Foreman search that finds bare-metal hypervisors")
  String hypervisorSearch;

  ObjectNode applyTo(ObjectNode body) {
    putIfSet(body, "baseUrl", url);
    putIfSet(body, "username", username);
    String credential =
        token != null ? token : password == null ? System.getenv("FOREMAN_TOKEN") : null;
    body.remove("token");
    body.remove("password");
    if (credential != null && !credential.isBlank()) {
      body.put(password != null ? "password" : "token", password != null ? password : credential);
    }
    if (verifyTls != null) {
      body.put("verifyTls", verifyTls);
    }
    if (caBundle != null) {
      try {
        body.put("caBundlePem", Files.readString(caBundle, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + caBundle + ": " + e.getMessage());
      }
    }
    if (connectTimeoutMs != null) {
      body.put("connectTimeoutMs", connectTimeoutMs);
    }
    if (readTimeoutMs != null) {
      body.put("readTimeoutMs", readTimeoutMs);
    }
    putIfSet(body, "hypervisorSearch", hypervisorSearch);
    return body;
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
