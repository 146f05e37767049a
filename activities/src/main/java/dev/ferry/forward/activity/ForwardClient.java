package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The part of Forward's REST API the sync uses (forward-api.md §3). Every call carries HTTP Basic;
 * a failed call is a {@link RemoteException} with Forward's message. Retrying is the caller's
 * business (Temporal activity retries).
 */
public class ForwardClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The failure types the Forward workflows and their tests know. */
  static final FailureTypes FAILURE_TYPES =
      kind ->
          switch (kind) {
            case RATE_LIMITED -> "ForwardRateLimited";
            case SERVER_ERROR -> "ForwardServerError";
            case BAD_CREDENTIALS, PERMISSION_DENIED -> "ForwardAuthenticationFailed";
            case NOT_FOUND, BAD_REQUEST -> "ForwardRejected";
            case TLS -> "ForwardTlsFailure";
            case TIMEOUT, UNREACHABLE, UNEXPECTED -> "ForwardUnavailable";
          };

  private final RemoteTarget target;

  /** {@code user} and {@code secret}: a login and password, or an API access key and secret key. */
  public ForwardClient(OkHttpClient http, String baseUrl, String user, String secret) {
    this.target =
        new RemoteTarget(
            "Forward",
            ForwardProfile.normalizeBaseUrl(baseUrl),
            Auth.basic(user, secret),
            http,
            FAILURE_TYPES);
  }

  /** "Already exists" arrives as 409 or 400 (forward-api.md §4), so look at the text too. */
  public static boolean isConflict(RemoteException e) {
    String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e.status() == 409
        || (e.status() == 400
            && (text.contains("already exists")
                || text.contains("already used")
                || text.contains("duplicate")));
  }

  /** Runs a delete; a 404 means the object is gone already, which is what was asked. */
  public static boolean deleteIfPresent(Runnable delete) {
    try {
      delete.run();
      return true;
    } catch (RemoteException e) {
      if (e.status() != 404) {
        throw e;
      }
      return false;
    }
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

  /** {@code PATCH /api/networks/{id}} ({@code NetworkUpdate}): Ferry's marker goes in the note. */
  public JsonNode noteNetwork(String networkId, String note) {
    return call(
        "PATCH", url("api", "networks", networkId), JSON.createObjectNode().put("note", note));
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

  public List<JsonNode> cliCredentials(String networkId) {
    return items(call("GET", url("api", "networks", networkId, "cli-credentials"), null));
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

  public void deleteJumpServer(String networkId, String jumpServerId) {
    call("DELETE", url("api", "networks", networkId, "jumpServers", jumpServerId), null);
  }

  /** SNMP credentials of a network (unpublished, forward-api.md §3.6). */
  public List<JsonNode> snmpCredentials(String networkId) {
    return items(
        call("GET", url("api", "networks", networkId, "snmpCredentials"), null),
        "items",
        "data",
        "results",
        "snmpCredentials");
  }

  /** A V2C credential; Forward keeps the community and answers with a system-generated id. */
  public JsonNode createSnmpCredential(String networkId, String name, String community) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", name)
            .put("version", "V2C")
            .put("communityString", community)
            .put("autoAssociate", false);
    return call("POST", url("api", "networks", networkId, "snmpCredentials"), body);
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

  /** A CLI endpoint profile with the UNIX command set, for Linux hosts. */
  public JsonNode createLinuxEndpointProfile(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("type", "CLI");
    body.putArray("customCommands");
    body.putArray("commandSets").add("UNIX");
    return call(
        "POST", builder("api", "endpoint-profiles").addQueryParameter("type", "CLI").build(), body);
  }

  public void deleteEndpointProfile(String profileId) {
    call("DELETE", url("api", "endpoint-profiles", profileId), null);
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

  /** {@code getCollectorTask}: the task's {@code status}, {@code createdAt}, {@code finishedAt}. */
  public JsonNode collectorTask(String taskId) {
    return call("GET", url("api", "collector-tasks", taskId), null);
  }

  /** {@code listNetworkSnapshots}: the network's snapshots, newest first. */
  public List<JsonNode> snapshots(String networkId) {
    return items(call("GET", url("api", "networks", networkId, "snapshots"), null), "snapshots");
  }

  /**
   * {@code getMissingDevices}: neighbours of modeled devices that are not in the model of {@code
   * snapshotId}; 409 while that snapshot is processing.
   */
  public List<JsonNode> missingDevices(String networkId, String snapshotId) {
    return items(
        call(
            "GET",
            builder("api", "networks", networkId, "missing-devices")
                .addQueryParameter("snapshotId", snapshotId)
                .build(),
            null),
        "devices");
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
    } catch (RemoteException e) {
      if (e.status() == 404 || e.status() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // -- plumbing

  private HttpUrl.Builder builder(String... segments) {
    HttpUrl.Builder b = target.url();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b;
  }

  private HttpUrl url(String... segments) {
    return target.url(segments);
  }

  private static ObjectNode namesBody(Collection<String> names) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("names");
    names.forEach(array::add);
    return body;
  }

  private JsonNode call(String method, HttpUrl url, JsonNode body) {
    return target.json(method, url, body);
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
}
