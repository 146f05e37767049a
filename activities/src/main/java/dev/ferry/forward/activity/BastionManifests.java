package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.activity.CollectorManifests.Manifest;
import dev.ferry.forward.store.ForwardBastion;
import java.util.List;
import java.util.SortedSet;

/**
 * The Kubernetes objects of a tenant's SSH bastion (BYOS option B, the seed's "Skyforge provides a
 * jump/bastion endpoint"): a ConfigMap with sshd's configuration and the one authorized public key,
 * a Deployment running sshd key-only for the one user {@link ForwardBastion#USER}, a Service
 * (NodePort or LoadBalancer) in front of it, and a NetworkPolicy that lets it take SSH in and reach
 * only its tenant's deployment namespaces and device addresses (plus the cluster's DNS).
 */
final class BastionManifests {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final int SSH_PORT = 2222;
  static final String CONFIG_DIR = "/etc/ferry-bastion";

  /** Key-only, one user, forwarding on (a jump host), nothing else. */
  static final String SSHD_CONFIG =
      String.join(
          "\n",
          "Port " + SSH_PORT,
          "PidFile /run/sshd.pid",
          "HostKey /etc/ssh/ssh_host_ed25519_key",
          "AuthorizedKeysFile " + CONFIG_DIR + "/authorized_keys",
          "AllowUsers " + ForwardBastion.USER,
          "PermitRootLogin no",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "PubkeyAuthentication yes",
          "AuthenticationMethods publickey",
          "AllowTcpForwarding yes",
          "AllowAgentForwarding no",
          "AllowStreamLocalForwarding no",
          "GatewayPorts no",
          "X11Forwarding no",
          "PermitTunnel no",
          "PermitTTY no",
          "ForceCommand /bin/false",
          "");

  /**
   * Creates the one user (unlocked, no password: {@code *} lets key logins in, {@code !} would
   * not), a host key, and runs sshd in the foreground with the mounted configuration.
   */
  static final String START =
      String.join(
          " && ",
          "(id "
              + ForwardBastion.USER
              + " >/dev/null 2>&1 || adduser -D -s /bin/sh "
              + ForwardBastion.USER
              + ")",
          "sed -i 's/^" + ForwardBastion.USER + ":!/" + ForwardBastion.USER + ":*/' /etc/shadow",
          "ssh-keygen -A >/dev/null",
          "exec /usr/sbin/sshd -D -e -f " + CONFIG_DIR + "/sshd_config");

  private BastionManifests() {}

  static List<Manifest> render(
      String namespace,
      String name,
      String publicKey,
      String image,
      String serviceType,
      SortedSet<String> tenantNamespaces,
      SortedSet<String> deviceAddresses) {
    List<String> paths = paths(namespace, name);
    // the policy first: the bastion never runs unconfined
    return List.of(
        CollectorManifests.namespace(namespace),
        new Manifest(
            paths.get(0), networkPolicy(namespace, name, tenantNamespaces, deviceAddresses)),
        new Manifest(paths.get(3), config(namespace, name, publicKey)),
        new Manifest(paths.get(2), deployment(namespace, name, image)),
        new Manifest(paths.get(1), service(namespace, name, serviceType)));
  }

  /** The bastion's own objects (not the shared namespace), in the order they are removed. */
  static List<String> paths(String namespace, String name) {
    String base = "/namespaces/" + namespace + "/";
    return List.of(
        "/apis/networking.k8s.io/v1" + base + "networkpolicies/" + name,
        "/api/v1" + base + "services/" + name,
        "/apis/apps/v1" + base + "deployments/" + name,
        "/api/v1" + base + "configmaps/" + name);
  }

  private static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
    ObjectNode object = NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata =
        object.putObject("metadata").put("name", name).put("namespace", namespace);
    labels(metadata.putObject("labels"), name);
    return object;
  }

  private static ObjectNode labels(ObjectNode labels, String name) {
    return labels
        .put("app.kubernetes.io/name", "ferry")
        .put("app.kubernetes.io/component", "bastion")
        .put("ferry-bastion", name);
  }

  private static ObjectNode config(String namespace, String name, String publicKey) {
    ObjectNode map = object("v1", "ConfigMap", namespace, name);
    map.putObject("data").put("sshd_config", SSHD_CONFIG).put("authorized_keys", publicKey + "\n");
    return map;
  }

  private static ObjectNode deployment(String namespace, String name, String image) {
    ObjectNode deployment = object("apps/v1", "Deployment", namespace, name);
    ObjectNode spec = deployment.putObject("spec").put("replicas", 1);
    spec.putObject("selector").putObject("matchLabels").put("ferry-bastion", name);
    ObjectNode template = spec.putObject("template");
    labels(template.putObject("metadata").putObject("labels"), name);
    ObjectNode pod = template.putObject("spec").put("automountServiceAccountToken", false);
    ObjectNode sshd =
        pod.putArray("containers")
            .addObject()
            .put("name", "sshd")
            .put("image", image)
            .put("imagePullPolicy", "IfNotPresent");
    sshd.putArray("command").add("/bin/sh").add("-c").add(START);
    sshd.putArray("ports")
        .addObject()
        .put("name", "ssh")
        .put("containerPort", SSH_PORT)
        .put("protocol", "TCP");
    sshd.putArray("volumeMounts")
        .addObject()
        .put("name", "config")
        .put("mountPath", CONFIG_DIR)
        .put("readOnly", true);
    sshd.putObject("readinessProbe").putObject("tcpSocket").put("port", SSH_PORT);
    pod.putArray("volumes")
        .addObject()
        .put("name", "config")
        .putObject("configMap")
        .put("name", name)
        .put("defaultMode", 0444);
    return deployment;
  }

  private static ObjectNode service(String namespace, String name, String type) {
    ObjectNode service = object("v1", "Service", namespace, name);
    ObjectNode spec = service.putObject("spec").put("type", type);
    spec.putObject("selector").put("ferry-bastion", name);
    spec.putArray("ports")
        .addObject()
        .put("name", "ssh")
        .put("port", 22)
        .put("targetPort", SSH_PORT)
        .put("protocol", "TCP");
    return service;
  }

  private static ObjectNode networkPolicy(
      String namespace, String name, SortedSet<String> namespaces, SortedSet<String> addresses) {
    ObjectNode policy = object("networking.k8s.io/v1", "NetworkPolicy", namespace, name);
    ObjectNode spec = policy.putObject("spec");
    spec.putObject("podSelector").putObject("matchLabels").put("ferry-bastion", name);
    spec.putArray("policyTypes").add("Ingress").add("Egress");
    // SSH from anywhere: the collector that jumps through it runs outside the cluster
    spec.putArray("ingress")
        .addObject()
        .putArray("ports")
        .addObject()
        .put("port", SSH_PORT)
        .put("protocol", "TCP");
    ArrayNode egress = spec.putArray("egress");
    ObjectNode dns = egress.addObject();
    dns.putArray("to")
        .addObject()
        .putObject("namespaceSelector")
        .putObject("matchLabels")
        .put("kubernetes.io/metadata.name", "kube-system");
    dns.putArray("ports")
        .add(NODES.objectNode().put("port", 53).put("protocol", "UDP"))
        .add(NODES.objectNode().put("port", 53).put("protocol", "TCP"));
    if (!namespaces.isEmpty()) {
      ArrayNode values =
          egress
              .addObject()
              .putArray("to")
              .addObject()
              .putObject("namespaceSelector")
              .putArray("matchExpressions")
              .addObject()
              .put("key", "kubernetes.io/metadata.name")
              .put("operator", "In")
              .putArray("values");
      namespaces.forEach(values::add);
    }
    if (!addresses.isEmpty()) {
      ArrayNode to = egress.addObject().putArray("to");
      addresses.forEach(a -> to.addObject().putObject("ipBlock").put("cidr", cidr(a)));
    }
    return policy;
  }

  private static String cidr(String address) {
    return address + (address.contains(":") ? "/128" : "/32");
  }
}
