package dev.ferry.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.Discovery;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Kubernetes Java client against the stand-in: it discovers the resources, and
 * server-side apply behaves as on a real API server (ownership, conflicts, force, merge, prune).
 */
class OfficialClientTest {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: collector
        labels:
          app: ferry
          tier: collector
      type: Opaque
      data:
        TOKEN: c2VjcmV0
      """;

  private static final String PATH = "/api/v1/namespaces/ferry/secrets/collector";

  private KubernetesSandbox kube;
  private ApiClient client;
  private GenericKubernetesApi<V1Secret, V1SecretList> secrets;
  private GenericKubernetesApi<V1Namespace, V1NamespaceList> namespaces;

  @BeforeEach
  void start() {
    kube = new KubernetesSandbox().token("t").start(0);
    client = client("t");
    secrets =
        new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client);
    namespaces =
        new GenericKubernetesApi<>(
            V1Namespace.class, V1NamespaceList.class, "", "v1", "namespaces", client);
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  private ApiClient client(String token) {
    return new ClientBuilder()
        .setBasePath(kube.baseUrl())
        .setAuthentication(new AccessTokenAuthentication(token))
        .build();
  }

  private static PatchOptions manager(String name, boolean force) {
    return new PatchOptions().fieldManager(name).force(force);
  }

  private KubernetesApiResponse<V1Secret> applySecret(String yaml, String manager, boolean force) {
    return secrets.patch(
        "ferry",
        "collector",
        V1Patch.PATCH_FORMAT_APPLY_YAML,
        new V1Patch(yaml),
        manager(manager, force));
  }

  private void namespace(String name) {
    KubernetesApiResponse<V1Namespace> created =
        namespaces.patch(
            name,
            V1Patch.PATCH_FORMAT_APPLY_YAML,
            new V1Patch(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                    + name
                    + "\"}}"),
            manager("ferry", false));
    assertThat(created.isSuccess()).isTrue();
  }

  /**
   * Field names a manager owns, flattened ({@code f:data.f:TOKEN}), read from the stand-in: the
   * official client drops {@code managedFields} from its models (its V1MetadataExclusionStrategy).
   */
  private Set<String> owned(String path, String manager) {
    Set<String> out = new java.util.HashSet<>();
    for (JsonNode entry : kube.object(path).at("/metadata/managedFields")) {
      if (entry.path("manager").asText().equals(manager)) {
        flatten("", entry.path("fieldsV1"), out);
      }
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode trie, Set<String> out) {
    trie.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isEmpty()) {
                out.add(prefix + e.getKey());
              } else {
                flatten(prefix + e.getKey() + ".", e.getValue(), out);
              }
            });
  }

  @Test
  void discoversTheResourcesLikeOnACluster() throws Exception {
    assertThat(new VersionApi(client).getCode().execute().getGitVersion()).isEqualTo("v1.31.0");
    Set<Discovery.APIResource> found = new Discovery(client).findAll();
    Map<String, Discovery.APIResource> byPlural =
        found.stream().collect(Collectors.toMap(Discovery.APIResource::getResourcePlural, r -> r));
    assertThat(byPlural)
        .containsKeys("namespaces", "secrets", "services", "deployments", "networkpolicies");
    assertThat(byPlural.get("deployments").getGroup()).isEqualTo("apps");
    assertThat(byPlural.get("deployments").getKind()).isEqualTo("Deployment");
    assertThat(byPlural.get("networkpolicies").getGroup()).isEqualTo("networking.k8s.io");
    assertThat(byPlural.get("namespaces").getNamespaced()).isFalse();
    assertThat(byPlural.get("secrets").getNamespaced()).isTrue();
    assertThat(byPlural.get("secrets").getVersions()).containsExactly("v1");

    // a wrong token is refused even for discovery, and nothing is leaked
    ApiClient stranger = client("wrong");
    assertThat(
            new GenericKubernetesApi<>(
                    V1Secret.class, V1SecretList.class, "", "v1", "secrets", stranger)
                .list("ferry")
                .getHttpStatusCode())
        .isEqualTo(401);
  }

  @Test
  void applyIntoAMissingNamespaceIsNotFoundAndStoresNothing() {
    KubernetesApiResponse<V1Secret> missing = applySecret(SECRET, "ferry", false);
    assertThat(missing.getHttpStatusCode()).isEqualTo(404);
    V1Status status = missing.getStatus();
    assertThat(status.getReason()).isEqualTo("NotFound");
    assertThat(status.getMessage()).isEqualTo("namespaces \"ferry\" not found");
    assertThat(status.getDetails().getKind()).isEqualTo("namespaces");
    assertThat(status.getDetails().getName()).isEqualTo("ferry");
    assertThat(kube.objectCount()).isZero();
  }

  @Test
  void applyCreatesRecordsTheManagerAndReapplyingChangesNothing() {
    namespace("ferry");
    KubernetesApiResponse<V1Secret> created = applySecret(SECRET, "ferry", false);
    assertThat(created.isSuccess()).isTrue();
    assertThat(kube.fieldManagers(PATH)).containsExactly("ferry/Apply");
    V1Secret secret = created.getObject();
    assertThat(new String(secret.getData().get("TOKEN"), StandardCharsets.UTF_8))
        .isEqualTo("secret");
    JsonNode entry = kube.object(PATH).at("/metadata/managedFields/0");
    assertThat(entry.path("manager").asText()).isEqualTo("ferry");
    assertThat(entry.path("operation").asText()).isEqualTo("Apply");
    assertThat(entry.path("fieldsType").asText()).isEqualTo("FieldsV1");
    assertThat(owned(PATH, "ferry"))
        .containsExactlyInAnyOrder(
            "f:data.f:TOKEN", "f:metadata.f:labels.f:app", "f:metadata.f:labels.f:tier", "f:type");

    KubernetesApiResponse<V1Secret> again = applySecret(SECRET, "ferry", false);
    assertThat(again.isSuccess()).isTrue();
    assertThat(again.getObject().getMetadata().getResourceVersion())
        .isEqualTo(secret.getMetadata().getResourceVersion());
  }

  @Test
  void anotherManagerChangingAFieldConflictsUnlessItForces() {
    namespace("ferry");
    applySecret(SECRET, "ferry", false);
    String takeover =
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: collector
          labels:
            app: intruder
        """;

    KubernetesApiResponse<V1Secret> refused = applySecret(takeover, "intruder", false);
    assertThat(refused.getHttpStatusCode()).isEqualTo(409);
    V1Status status = refused.getStatus();
    assertThat(status.getReason()).isEqualTo("Conflict");
    assertThat(status.getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"ferry\": .metadata.labels.app");
    assertThat(status.getDetails().getCauses().get(0).getReason())
        .isEqualTo("FieldManagerConflict");
    assertThat(status.getDetails().getCauses().get(0).getField()).isEqualTo(".metadata.labels.app");
    assertThat(secrets.get("ferry", "collector").getObject().getMetadata().getLabels())
        .containsEntry("app", "ferry");

    KubernetesApiResponse<V1Secret> forced = applySecret(takeover, "intruder", true);
    assertThat(forced.isSuccess()).isTrue();
    V1ObjectMeta meta = forced.getObject().getMetadata();
    assertThat(meta.getLabels())
        .containsEntry("app", "intruder")
        .containsEntry("tier", "collector");
    assertThat(owned(PATH, "intruder")).containsExactly("f:metadata.f:labels.f:app");
    assertThat(owned(PATH, "ferry"))
        .doesNotContain("f:metadata.f:labels.f:app")
        .contains("f:data.f:TOKEN");

    // the same value from a second manager is shared ownership, not a conflict
    KubernetesApiResponse<V1Secret> shared =
        applySecret(
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"collector\",\"labels\":{\"tier\":\"collector\"}}}",
            "auditor",
            false);
    assertThat(shared.isSuccess()).isTrue();
    assertThat(owned(PATH, "auditor")).containsExactly("f:metadata.f:labels.f:tier");
    assertThat(owned(PATH, "ferry")).contains("f:metadata.f:labels.f:tier");
  }

  @Test
  void aPartialApplyMergesAndKeepsTheOtherManagersFields() {
    namespace("ferry");
    applySecret(SECRET, "ferry", false);
    KubernetesApiResponse<V1Secret> annotated =
        applySecret(
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: collector
              annotations:
                ops/owner: team-a
            """,
            "annotator",
            false);
    assertThat(annotated.isSuccess()).isTrue();
    V1Secret merged = annotated.getObject();
    assertThat(new String(merged.getData().get("TOKEN"), StandardCharsets.UTF_8))
        .isEqualTo("secret");
    assertThat(merged.getMetadata().getLabels()).containsEntry("app", "ferry");
    assertThat(merged.getMetadata().getAnnotations()).containsEntry("ops/owner", "team-a");

    // ferry drops a label it applied before: it goes; the annotator's annotation stays
    V1Secret pruned =
        applySecret(SECRET.replace("    tier: collector\n", ""), "ferry", false).getObject();
    assertThat(pruned.getMetadata().getLabels()).containsOnlyKeys("app");
    assertThat(pruned.getMetadata().getAnnotations()).containsEntry("ops/owner", "team-a");
    assertThat(pruned.getData()).containsKey("TOKEN");
  }

  @Test
  void associativeListsMergeByKeyAndConflictsNameTheItem() {
    namespace("ferry");
    GenericKubernetesApi<V1Deployment, V1DeploymentList> deployments =
        new GenericKubernetesApi<>(
            V1Deployment.class, V1DeploymentList.class, "apps", "v1", "deployments", client);
    String app =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.27
        """;
    PatchOptions ferry = manager("ferry", false);
    assertThat(
            deployments
                .patch("ferry", "web", V1Patch.PATCH_FORMAT_APPLY_YAML, new V1Patch(app), ferry)
                .isSuccess())
        .isTrue();
    String sidecar =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - name: proxy
                image: envoy:1.31
        """;
    V1Deployment both =
        deployments
            .patch(
                "ferry",
                "web",
                V1Patch.PATCH_FORMAT_APPLY_YAML,
                new V1Patch(sidecar),
                manager("mesh", false))
            .getObject();
    assertThat(both.getSpec().getTemplate().getSpec().getContainers())
        .extracting("name")
        .containsExactly("app", "proxy");
    assertThat(both.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(both.getStatus().getReadyReplicas()).isEqualTo(1);

    V1Deployment reapplied =
        deployments
            .patch("ferry", "web", V1Patch.PATCH_FORMAT_APPLY_YAML, new V1Patch(app), ferry)
            .getObject();
    assertThat(reapplied.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);

    KubernetesApiResponse<V1Deployment> refused =
        deployments.patch(
            "ferry",
            "web",
            V1Patch.PATCH_FORMAT_APPLY_YAML,
            new V1Patch(
                sidecar.replace("name: proxy", "name: app").replace("envoy:1.31", "nginx:1.28")),
            manager("mesh", false));
    assertThat(refused.getHttpStatusCode()).isEqualTo(409);
    assertThat(refused.getStatus().getDetails().getCauses().get(0).getField())
        .isEqualTo(".spec.template.spec.containers[name=\"app\"].image");
  }

  @Test
  void servicesGetNodePortsAndRefuseTakenOnes() {
    namespace("ferry");
    GenericKubernetesApi<V1Service, V1ServiceList> services =
        new GenericKubernetesApi<>(
            V1Service.class, V1ServiceList.class, "", "v1", "services", client);
    String nodePort =
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"NAME\"},"
            + "\"spec\":{\"type\":\"NodePort\",\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":22PORT}]}}";
    V1Service first =
        services
            .patch(
                "ferry",
                "one",
                V1Patch.PATCH_FORMAT_APPLY_YAML,
                new V1Patch(nodePort.replace("NAME", "one").replace("PORT", "")),
                manager("ferry", false))
            .getObject();
    int allocated = first.getSpec().getPorts().get(0).getNodePort();
    assertThat(allocated).isBetween(30000, 32767);
    assertThat(first.getSpec().getClusterIP()).startsWith("10.96.");

    KubernetesApiResponse<V1Service> taken =
        services.patch(
            "ferry",
            "two",
            V1Patch.PATCH_FORMAT_APPLY_YAML,
            new V1Patch(
                nodePort.replace("NAME", "two").replace("PORT", ",\"nodePort\":" + allocated)),
            manager("ferry", false));
    assertThat(taken.getHttpStatusCode()).isEqualTo(422);
    assertThat(taken.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(taken.getStatus().getDetails().getCauses().get(0).getField())
        .isEqualTo("spec.ports[0].nodePort");
    assertThat(kube.object("/api/v1/namespaces/ferry/services/two")).isNull();
  }

  @Test
  void refusesWhatARealApiServerRefuses() {
    namespace("ferry");
    assertThat(
            secrets
                .patch(
                    "ferry",
                    "collector",
                    V1Patch.PATCH_FORMAT_APPLY_YAML,
                    new V1Patch(SECRET),
                    new PatchOptions())
                .getStatus()
                .getMessage())
        .contains("fieldManager: Required value");
    KubernetesApiResponse<V1Secret> wrongVersion =
        applySecret(SECRET.replace("apiVersion: v1", "apiVersion: v2"), "ferry", false);
    assertThat(wrongVersion.getHttpStatusCode()).isEqualTo(400);
    assertThat(wrongVersion.getStatus().getMessage())
        .contains("Incorrect version specified in apply patch");
    assertThat(
            applySecret(
                    SECRET.replace(
                        "  name: collector\n", "  name: collector\n  managedFields: []\n"),
                    "ferry",
                    false)
                .getStatus()
                .getMessage())
        .isEqualTo("metadata.managedFields must be nil");
    assertThat(
            applySecret(SECRET.replace("name: collector", "name: other"), "ferry", false)
                .getHttpStatusCode())
        .isEqualTo(400);
    KubernetesApiResponse<V1Secret> badLabel =
        applySecret(SECRET.replace("app: ferry", "app: \"-not valid-\""), "ferry", false);
    assertThat(badLabel.getHttpStatusCode()).isEqualTo(422);
    assertThat(badLabel.getStatus().getDetails().getCauses().get(0).getField())
        .isEqualTo("metadata.labels");
    assertThat(secrets.get("ferry", "collector").getHttpStatusCode()).isEqualTo(404);
    assertThat(secrets.get("ferry", "collector").getStatus().getMessage())
        .isEqualTo("secrets \"collector\" not found");
    assertThat(kube.objectCount()).as("only the namespace").isEqualTo(1);
  }

  @Test
  void deletingANamespaceTakesItsObjects() {
    namespace("ferry");
    applySecret(SECRET, "ferry", false);
    assertThat(secrets.list("ferry").getObject().getItems()).hasSize(1);
    assertThat(namespaces.delete("ferry").isSuccess()).isTrue();
    assertThat(kube.objectCount()).isZero();
    assertThat(secrets.delete("ferry", "collector").getHttpStatusCode()).isEqualTo(404);
  }
}
