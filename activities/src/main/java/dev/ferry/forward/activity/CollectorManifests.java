package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.ForwardProfile;
import java.net.URI;
import java.util.List;

/**
 * The Kubernetes objects of an in-cluster Forward collector (forward-api.md §10): its namespace
 * (the API server refuses objects in a namespace that does not exist), a Secret with TOKEN, a PVC
 * for the collector's private key, and a one-replica Deployment pointing APP_HOST at Forward.
 */
final class CollectorManifests {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.36";

  /** A manifest and the full API path it is applied at. */
  record Manifest(String path, ObjectNode body) {}

  private CollectorManifests() {}

  static String deploymentName(String collectorName) {
    return ForwardNames.dnsLabel(collectorName.replaceFirst("^ferry-", "ferry-collector-"), 63);
  }

  static List<Manifest> render(
      String namespace,
      String collectorName,
      String owner,
      String authorizationKey,
      String forwardBaseUrl,
      String image) {
    String name = deploymentName(collectorName);
    List<String> paths = objectPaths(namespace, collectorName);
    return List.of(
        namespace(namespace),
        new Manifest(paths.get(0), secret(namespace, name, authorizationKey)),
        new Manifest(paths.get(1), volumeClaim(namespace, name)),
        new Manifest(paths.get(2), deployment(namespace, name, owner, forwardBaseUrl, image)));
  }

  /** Where the collector's Secret, volume claim and Deployment live, in that order. */
  static List<String> objectPaths(String namespace, String collectorName) {
    String name = deploymentName(collectorName);
    return List.of(
        "/api/v1/namespaces/" + namespace + "/secrets/" + name,
        "/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/" + name + "-data",
        "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
  }

  private static ObjectNode metadata(
      ObjectNode object, String apiVersion, String kind, String namespace, String name) {
    object.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata =
        object.putObject("metadata").put("name", name).put("namespace", namespace);
    metadata
        .putObject("labels")
        .put("app.kubernetes.io/name", "ferry")
        .put("app.kubernetes.io/component", "collector")
        .put("ferry-collector", name);
    return object;
  }

  /** The namespace Ferry's objects live in, applied first: the API server needs it to exist. */
  static Manifest namespace(String namespace) {
    ObjectNode ns = NODES.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", namespace);
    return new Manifest("/api/v1/namespaces/" + namespace, ns);
  }

  private static ObjectNode secret(String namespace, String name, String key) {
    ObjectNode secret = metadata(NODES.objectNode(), "v1", "Secret", namespace, name);
    secret.put("type", "Opaque");
    secret.putObject("stringData").put("TOKEN", key);
    return secret;
  }

  private static ObjectNode volumeClaim(String namespace, String name) {
    ObjectNode pvc =
        metadata(NODES.objectNode(), "v1", "PersistentVolumeClaim", namespace, name + "-data");
    ObjectNode spec = pvc.putObject("spec");
    spec.putArray("accessModes").add("ReadWriteOnce");
    spec.putObject("resources").putObject("requests").put("storage", "1Gi");
    return pvc;
  }

  private static ObjectNode deployment(
      String namespace, String name, String owner, String baseUrl, String image) {
    ObjectNode deployment = metadata(NODES.objectNode(), "apps/v1", "Deployment", namespace, name);
    ObjectNode spec = deployment.putObject("spec").put("replicas", 1);
    spec.putObject("strategy").put("type", "Recreate");
    ObjectNode selector = spec.putObject("selector").putObject("matchLabels");
    selector
        .put("app.kubernetes.io/name", "ferry")
        .put("app.kubernetes.io/component", "collector")
        .put("ferry-collector", name);
    ObjectNode template = spec.putObject("template");
    ObjectNode podLabels = template.putObject("metadata").putObject("labels");
    podLabels.setAll(selector.deepCopy());
    podLabels.put("ferry-managed", "true").put("ferry-username", ForwardNames.dnsLabel(owner, 63));
    ObjectNode pod = template.putObject("spec");
    pod.putObject("securityContext")
        .put("runAsUser", 1000)
        .put("runAsGroup", 1000)
        .put("fsGroup", 1000);

    ObjectNode init =
        pod.putArray("initContainers")
            .addObject()
            .put("name", "prepare-private")
            .put("image", INIT_IMAGE);
    init.putObject("securityContext").put("runAsUser", 0);
    // The collector needs a writable volume, and an empty key file makes it fail with "Empty key".
    init.putArray("command")
        .add("sh")
        .add("-c")
        .add(
            "chown -R 1000:1000 /persist && if [ -f /persist/customer_key.pb ] && [ ! -s /persist/customer_key.pb ];"
                + " then rm -f /persist/customer_key.pb; fi");
    init.putArray("volumeMounts").addObject().put("name", "private").put("mountPath", "/persist");

    ObjectNode collector =
        pod.putArray("containers")
            .addObject()
            .put("name", "collector")
            .put("image", image)
            .put("imagePullPolicy", "IfNotPresent");
    ObjectNode security = collector.putObject("securityContext").put("runAsUser", 0);
    security.putObject("capabilities").putArray("add").add("NET_RAW");
    ArrayNode env = collector.putArray("env");
    env.addObject()
        .put("name", "TOKEN")
        .putObject("valueFrom")
        .putObject("secretKeyRef")
        .put("name", name)
        .put("key", "TOKEN");
    env.addObject().put("name", "APP_HOST").put("value", appHost(baseUrl));
    env.addObject().put("name", "LOGS_DIR").put("value", "/scratch");
    env.addObject().put("name", "LOGBACK_FILENAME").put("value", "logback-client-daemon.xml");
    ArrayNode mounts = collector.putArray("volumeMounts");
    mounts.addObject().put("name", "scratch").put("mountPath", "/scratch");
    mounts.addObject().put("name", "generated").put("mountPath", "/collector/generated");
    mounts.addObject().put("name", "private").put("mountPath", "/home/forward/.fwd/private");
    mounts.addObject().put("name", "private").put("mountPath", "/collector/private");

    ArrayNode volumes = pod.putArray("volumes");
    volumes.addObject().put("name", "scratch").putObject("emptyDir");
    volumes.addObject().put("name", "generated").putObject("emptyDir");
    volumes
        .addObject()
        .put("name", "private")
        .putObject("persistentVolumeClaim")
        .put("claimName", name + "-data");
    return deployment;
  }

  /** Host part of the Forward base URL; fwd.app when none can be read. */
  static String appHost(String baseUrl) {
    try {
      String host = URI.create(ForwardProfile.normalizeBaseUrl(baseUrl)).getHost();
      return host == null ? "fwd.app" : host;
    } catch (IllegalArgumentException e) {
      return "fwd.app";
    }
  }
}
