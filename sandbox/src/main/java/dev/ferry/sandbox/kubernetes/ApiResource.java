package dev.ferry.sandbox.kubernetes;

import java.util.List;
import java.util.Optional;

/**
 * One resource the stand-in serves: where it lives (group, version, plural), what discovery says
 * about it, and how its objects merge. The set is the kinds Ferry writes; each entry mirrors the
 * API server's discovery document for it (Kubernetes 1.31, {@code kubectl api-resources}).
 *
 * @param statusSubresource the main resource ignores {@code status} on write (registry strategies'
 *     {@code GetResetFields}), and a controller fills it
 * @param generation the strategy keeps {@code metadata.generation} and bumps it on spec changes
 */
record ApiResource(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    boolean statusSubresource,
    boolean generation,
    Schema schema) {

  /** The verbs the stand-in serves (a real server also has update, watch, deletecollection). */
  static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch");

  static final List<ApiResource> ALL =
      List.of(
          new ApiResource(
              "",
              "v1",
              "namespaces",
              "namespace",
              "Namespace",
              false,
              List.of("ns"),
              true,
              false,
              Schema.object()),
          new ApiResource(
              "",
              "v1",
              "secrets",
              "secret",
              "Secret",
              true,
              List.of(),
              false,
              false,
              Schema.object()),
          new ApiResource(
              "",
              "v1",
              "configmaps",
              "configmap",
              "ConfigMap",
              true,
              List.of("cm"),
              false,
              false,
              Schema.object()),
          new ApiResource(
              "",
              "v1",
              "services",
              "service",
              "Service",
              true,
              List.of("svc"),
              true,
              false,
              Schema.object().keyed("spec.ports", "port", "protocol").atomic("spec.selector")),
          new ApiResource(
              "",
              "v1",
              "persistentvolumeclaims",
              "persistentvolumeclaim",
              "PersistentVolumeClaim",
              true,
              List.of("pvc"),
              true,
              false,
              Schema.object().atomic("spec.selector")),
          new ApiResource(
              "apps",
              "v1",
              "deployments",
              "deployment",
              "Deployment",
              true,
              List.of("deploy"),
              true,
              true,
              Schema.object().atomic("spec.selector").podSpec("spec.template.spec")),
          new ApiResource(
              "networking.k8s.io",
              "v1",
              "networkpolicies",
              "networkpolicy",
              "NetworkPolicy",
              true,
              List.of("netpol"),
              false,
              true,
              Schema.object().atomic("spec.podSelector")));

  /** {@code v1} or {@code apps/v1}: the apiVersion of this resource's objects. */
  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code secrets} or {@code deployments.apps}: how the API server names it in messages. */
  String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The URL prefix of this resource's group version: {@code /api/v1} or {@code /apis/apps/v1}. */
  String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** The canonical path of one object; {@code namespace} is ignored for cluster-scoped kinds. */
  String path(String namespace, String name) {
    return groupVersionPath()
        + (namespaced ? "/namespaces/" + namespace : "")
        + "/"
        + plural
        + "/"
        + name;
  }

  static Optional<ApiResource> find(String group, String version, String plural) {
    return ALL.stream()
        .filter(r -> r.group.equals(group) && r.version.equals(version) && r.plural.equals(plural))
        .findFirst();
  }

  static ApiResource namespaces() {
    return ALL.get(0);
  }
}
