package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the API server and the cluster's controllers add to an object that nobody applied: the
 * defaults (pkg/apis/core/v1/defaults.go, apps/v1/defaults.go, networking/v1/defaults.go), the
 * service IP and node-port allocators (pkg/registry/core/service/ipallocator, portallocator), and
 * the status a deployment or load-balancer controller would write. None of it is owned by a field
 * manager, so a later apply never conflicts with it.
 */
final class ServerDefaults {

  /** The default {@code --service-node-port-range}. */
  static final int NODE_PORT_MIN = 30000;

  static final int NODE_PORT_MAX = 32767;

  private int nextClusterIp = 10;
  private volatile String loadBalancerAddress;

  /** The address a load-balancer controller gives LoadBalancer services; null = none (pending). */
  void loadBalancerAddress(String address) {
    this.loadBalancerAddress = address;
  }

  void fill(ApiResource r, ObjectNode object) {
    switch (r.kind()) {
      case "Namespace" -> {
        object
            .with("metadata")
            .with("labels")
            .put("kubernetes.io/metadata.name", object.at("/metadata/name").asText());
        if (!object.with("spec").has("finalizers")) {
          object.with("spec").putArray("finalizers").add("kubernetes");
        }
      }
      case "Secret" -> putIfAbsent(object, "type", "Opaque");
      case "Service" -> service(object.with("spec"));
      case "Deployment" -> deployment(object.with("spec"));
      case "NetworkPolicy" -> networkPolicy(object.with("spec"));
      case "PersistentVolumeClaim" -> putIfAbsent(object.with("spec"), "volumeMode", "Filesystem");
      default -> {}
    }
  }

  private static void service(ObjectNode spec) {
    putIfAbsent(spec, "type", "ClusterIP");
    putIfAbsent(spec, "sessionAffinity", "None");
    putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    String type = spec.path("type").asText();
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
    }
    for (JsonNode port : spec.path("ports")) {
      putIfAbsent((ObjectNode) port, "protocol", "TCP");
      if (!port.has("targetPort")) {
        ((ObjectNode) port).set("targetPort", port.get("port"));
      }
    }
  }

  private static void deployment(ObjectNode spec) {
    if (!spec.has("replicas")) {
      spec.put("replicas", 1);
    }
    if (!spec.has("revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    if (!spec.has("progressDeadlineSeconds")) {
      spec.put("progressDeadlineSeconds", 600);
    }
    ObjectNode strategy = spec.with("strategy");
    putIfAbsent(strategy, "type", "RollingUpdate");
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      ObjectNode rolling = strategy.with("rollingUpdate");
      putIfAbsent(rolling, "maxUnavailable", "25%");
      putIfAbsent(rolling, "maxSurge", "25%");
    }
    ObjectNode pod = spec.with("template").with("spec");
    putIfAbsent(pod, "restartPolicy", "Always");
    putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
    putIfAbsent(pod, "schedulerName", "default-scheduler");
    if (!pod.has("terminationGracePeriodSeconds")) {
      pod.put("terminationGracePeriodSeconds", 30);
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : pod.path(list)) {
        ObjectNode container = (ObjectNode) c;
        String image = container.path("image").asText();
        String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
        putIfAbsent(
            container,
            "imagePullPolicy",
            tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent");
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        for (JsonNode port : container.path("ports")) {
          putIfAbsent((ObjectNode) port, "protocol", "TCP");
        }
      }
    }
  }

  private static void networkPolicy(ObjectNode spec) {
    if (!spec.has("policyTypes")) {
      ArrayNode types = spec.putArray("policyTypes").add("Ingress");
      if (spec.has("egress")) {
        types.add("Egress");
      }
    }
    for (String direction : List.of("ingress", "egress")) {
      for (JsonNode rule : spec.path(direction)) {
        for (JsonNode port : rule.path("ports")) {
          putIfAbsent((ObjectNode) port, "protocol", "TCP");
        }
      }
    }
  }

  /**
   * Gives a Service its cluster IP and, for NodePort and LoadBalancer, a node port per port that
   * has none; refuses node ports outside the range or already taken by another service.
   */
  List<StatusError.Cause> allocate(ObjectNode service, Set<Integer> takenNodePorts) {
    ObjectNode spec = service.with("spec");
    if (!spec.has("clusterIP")) {
      String ip = "10.96." + (nextClusterIp / 250) + "." + (nextClusterIp % 250 + 1);
      nextClusterIp++;
      spec.put("clusterIP", ip);
      spec.putArray("clusterIPs").add(ip);
      spec.putArray("ipFamilies").add("IPv4");
      spec.put("ipFamilyPolicy", "SingleStack");
    }
    String type = spec.path("type").asText();
    List<StatusError.Cause> causes = new ArrayList<>();
    if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
      return causes;
    }
    int i = 0;
    for (JsonNode p : spec.path("ports")) {
      ObjectNode port = (ObjectNode) p;
      String field = "spec.ports[" + i++ + "].nodePort";
      if (port.has("nodePort")) {
        int wanted = port.path("nodePort").asInt();
        if (wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
          causes.add(
              StatusError.Cause.invalid(
                  field,
                  wanted,
                  "provided port is not in the valid range. The range of valid ports is "
                      + NODE_PORT_MIN
                      + "-"
                      + NODE_PORT_MAX));
        } else if (!takenNodePorts.add(wanted)) {
          causes.add(
              StatusError.Cause.invalid(field, wanted, "provided port is already allocated"));
        }
        continue;
      }
      int free = NODE_PORT_MIN;
      while (takenNodePorts.contains(free)) {
        free++;
      }
      takenNodePorts.add(free);
      port.put("nodePort", free);
    }
    return causes;
  }

  /** The status a controller would have written by the time anyone reads the object. */
  void observe(ApiResource r, ObjectNode object) {
    switch (r.kind()) {
      case "Namespace" -> object.putObject("status").put("phase", "Active");
      case "PersistentVolumeClaim" -> object.putObject("status").put("phase", "Pending");
      case "Deployment" -> {
        int replicas = object.at("/spec/replicas").asInt(1);
        ObjectNode status =
            object
                .putObject("status")
                .put("observedGeneration", object.at("/metadata/generation").asLong())
                .put("replicas", replicas)
                .put("updatedReplicas", replicas)
                .put("readyReplicas", replicas)
                .put("availableReplicas", replicas);
        status
            .putArray("conditions")
            .addObject()
            .put("type", "Available")
            .put("status", "True")
            .put("reason", "MinimumReplicasAvailable");
      }
      case "Service" -> {
        ObjectNode lb = object.putObject("status").putObject("loadBalancer");
        String address = loadBalancerAddress;
        if (object.at("/spec/type").asText().equals("LoadBalancer") && address != null) {
          lb.putArray("ingress").addObject().put("ip", address);
        }
      }
      default -> {}
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.has(field)) {
      o.put(field, value);
    }
  }
}
