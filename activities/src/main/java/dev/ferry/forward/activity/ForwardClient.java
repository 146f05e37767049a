package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.ForwardProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The part of Forward's REST API the sync uses (forward-api.md §3). Every call carries HTTP Basic;
 * a non-2xx answer becomes a {@link ForwardApiException} with Forward's message, an I/O problem a
 * {@link ForwardTransportException}. Retrying is the caller's business (Temporal activity retries).
 */
public class ForwardClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final String authorization;

  /** {@code credentials} is "user:secret" (login + password or API access key + secret key). */
  public ForwardClient(OkHttpClient http, String baseUrl, String credentials) {
    this.http = http;
    this.base = HttpUrl.get(ForwardProfile.normalizeBaseUrl(baseUrl));
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  // -- probes and collectors

  public JsonNode version() {
    return call("GET", url("api", "version"), null);
  }

  public List<JsonNode> collectors() {
    return items(call("GET", url("api", "collectors"), null), "collectors", "items", "data");
  }

  /** 200 with the authorization key (shown only here); name taken = 400 or 409. */
  public JsonNode createCollector(String name) {
    return call(
        "POST", url("api", "collectors"), JSON.createObjectNode().put("collectorName", name));
  }

  public void deleteCollector(String idOrName) {
    call("DELETE", url("api", "collectors", idOrName), null);
  }

  // -- networks and binding

  public List<JsonNode> networks() {
    return items(call("GET", url("api", "networks"), null));
  }

  public JsonNode createNetwork(String name) {
    return call("POST", builder("api", "networks").addQueryParameter("name", name).build(), null);
  }

  public void deleteNetwork(String networkId) {
    call("DELETE", url("api", "networks", networkId), null);
  }

  /** The bound collector, or an empty object when none is bound. */
  public JsonNode networkCollector(String networkId) {
    return call("GET", url("api", "networks", networkId, "collector"), null);
  }

  public void bindCollector(String networkId, String collectorUsername) {
    call(
        "PUT",
        url("api", "networks", networkId, "collector"),
        JSON.createObjectNode().put("username", collectorUsername));
  }

  // -- credentials and jump servers

  public JsonNode createCliCredential(
      String networkId, String name, String username, String password) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("type", "LOGIN")
            .put("name", name)
            .put("username", username)
            .put("password", password)
            .put("autoAssociate", false);
    return call("POST", url("api", "networks", networkId, "cli-credentials"), body);
  }

  public void deleteCliCredential(String networkId, String credentialId) {
    call("DELETE", url("api", "networks", networkId, "cli-credentials", credentialId), null);
  }

  public List<JsonNode> jumpServers(String networkId) {
    return items(call("GET", url("api", "networks", networkId, "jumpServers"), null));
  }

  public JsonNode createJumpServer(
      String networkId, String host, int port, String username, String secret, boolean sshKey) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("host", host)
            .put("port", port)
            .put("username", username)
            .put(sshKey ? "sshKey" : "password", secret)
            .put("supportsPortForwarding", true);
    return call("POST", url("api", "networks", networkId, "jumpServers"), body);
  }

  // -- classic devices and endpoints

  /** Add-or-update by name; a bare array, 204. */
  public void putDevices(String networkId, ArrayNode devices) {
    call(
        "POST",
        builder("api", "networks", networkId, "classic-devices")
            .addQueryParameter("action", "putBatch")
            .build(),
        devices);
  }

  public List<JsonNode> devices(String networkId) {
    return items(
        call("GET", url("api", "networks", networkId, "classic-devices"), null), "devices");
  }

  public void deleteDevices(String networkId, Collection<String> names) {
    call(
        "POST",
        builder("api", "networks", networkId, "classic-devices")
            .addQueryParameter("action", "deleteBatch")
            .build(),
        namesBody(names));
  }

  public List<JsonNode> endpointProfiles() {
    return items(call("GET", url("api", "endpoint-profiles"), null), "profiles");
  }

  public JsonNode createLinuxEndpointProfile() {
    ObjectNode body = JSON.createObjectNode().put("name", "Linux").put("type", "CLI");
    body.putArray("customCommands");
    body.putArray("commandSets").add("UNIX");
    return call(
        "POST", builder("api", "endpoint-profiles").addQueryParameter("type", "CLI").build(), body);
  }

  public List<JsonNode> endpoints(String networkId) {
    return items(call("GET", url("api", "networks", networkId, "endpoints"), null), "endpoints");
  }

  /** Add-only: existing names fail, so callers delete first. */
  public void addEndpoints(String networkId, ArrayNode endpoints) {
    call(
        "POST",
        builder("api", "networks", networkId, "endpoints")
            .addQueryParameter("action", "addBatch")
            .addQueryParameter("type", "CLI")
            .build(),
        endpoints);
  }

  public void deleteEndpoints(String networkId, Collection<String> names) {
    call(
        "POST",
        builder("api", "networks", networkId, "endpoints")
            .addQueryParameter("action", "deleteBatch")
            .build(),
        namesBody(names));
  }

  // -- collection and snapshots

  /** Starts a network collection and returns the task id. */
  public String startCollectionTask(String networkId) {
    return call(
            "POST",
            builder("api", "collector-tasks")
                .addQueryParameter("networkId", networkId)
                .addQueryParameter("type", "NETWORK_COLLECTION")
                .build(),
            null)
        .path("taskId")
        .asText(null);
  }

  /** The deprecated route (removal in 26.10), for builds without collector tasks. */
  public void startCollectionLegacy(String networkId) {
    call("POST", url("api", "networks", networkId, "startcollection"), null);
  }

  /** Empty when the network has no processed snapshot yet (404 or 409). */
  public Optional<JsonNode> latestProcessedSnapshot(String networkId) {
    try {
      return Optional.of(
          call("GET", url("api", "networks", networkId, "snapshots", "latestProcessed"), null));
    } catch (ForwardApiException e) {
      if (e.status() == 404 || e.status() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // -- plumbing

  private HttpUrl.Builder builder(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b;
  }

  private HttpUrl url(String... segments) {
    return builder(segments).build();
  }

  private static ObjectNode namesBody(Collection<String> names) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("names");
    names.forEach(array::add);
    return body;
  }

  private JsonNode call(String method, HttpUrl url, JsonNode body) {
    RequestBody requestBody =
        body == null
            ? (method.equals("POST") || method.equals("PUT")
                ? RequestBody.create(new byte[0])
                : null)
            : RequestBody.create(write(body), APPLICATION_JSON);
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .method(method, requestBody)
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      if (response.isSuccessful()) {
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
      }
      throw new ForwardApiException(
          response.code(),
          method + " " + url.encodedPath() + ": " + response.code() + " " + message(text),
          retryAfter(response.header("Retry-After")));
    } catch (IOException e) {
      throw new ForwardTransportException(method + " " + url.encodedPath() + ": " + e, e);
    }
  }

  private static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.hasNonNull("message")) {
        return error.get("message").asText();
      }
    } catch (IOException ignored) {
      // not ErrorInfo JSON: fall back to the raw text
    }
    return body.length() > 300 ? body.substring(0, 300) : body;
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Lists arrive as a bare array or wrapped under one of a few keys (forward-api.md §3.2). */
  private static List<JsonNode> items(JsonNode node, String... wrappers) {
    JsonNode array = node;
    for (String key : wrappers) {
      if (!array.isArray() && array.has(key)) {
        array = array.get(key);
      }
    }
    List<JsonNode> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(out::add);
    }
    return out;
  }

  private static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
