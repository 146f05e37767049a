package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardBastion;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.DestroyRequest;
import dev.ferry.forward.workflow.ForwardDestroyWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import dev.ferry.testing.Http;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * BYOS option B with the Ferry-provided bastion, against the real dev server, PostgreSQL, the
 * Forward sandbox and the Kubernetes stand-in: its objects are applied, it is registered in Forward
 * as the jump server with its key, a NetworkPolicy confines it to its tenant, a rotated key reaches
 * the bastion and Forward, and the last deployment that used it removes it.
 */
class FerryBastionTest {

  private static final String NS = "/namespaces/ferry-system/";
  private static final String BASTION = "ferry-bastion-u-alice";

  @Test
  void byosOptionBWithTheFerryBastion() throws Exception {
    try (KubernetesSandbox kube = new KubernetesSandbox().token("kube-token").start(0);
        ForwardRig rig = new ForwardRig(ForwardRig.inCluster(kube), false)) {
      rig.startWorker(ForwardRig.inCluster(kube));
      ForwardProfile profile = rig.sandboxProfile();
      UUID lab1 = byos(rig, "ws1", "lab1", profile, "10.1.0.");
      UUID lab2 = byos(rig, "ws2", "lab2", profile, "10.2.0.");

      ForwardSyncWorkflow first = rig.syncStub("ws1", "lab1", "byos");
      first.sync(new SyncRequest(lab1.toString(), rig.userName, "ws1", "lab1", "byos"));

      // its objects, applied by Ferry
      String configMap = "/api/v1" + NS + "configmaps/" + BASTION;
      String deployment = "/apis/apps/v1" + NS + "deployments/" + BASTION;
      String service = "/api/v1" + NS + "services/" + BASTION;
      String policy = "/apis/networking.k8s.io/v1" + NS + "networkpolicies/" + BASTION;
      for (String path : List.of(configMap, deployment, service, policy)) {
        assertThat(kube.fieldManagers(path)).as(path).containsExactly("ferry/Apply");
      }
      JsonNode sshd = kube.object(deployment).at("/spec/template/spec/containers/0");
      assertThat(sshd.path("command").toString()).contains("sshd -D");
      assertThat(kube.object(configMap).at("/data/sshd_config").asText())
          .contains("PasswordAuthentication no")
          .contains("AllowUsers ferry");
      int nodePort = kube.object(service).at("/spec/ports/0/nodePort").asInt();
      assertThat(nodePort).isBetween(30000, 32767);

      // registered in Forward as lab1's jump server, with the bastion's key
      ForwardBastion bastion = rig.bastions.forDeployment(lab1).orElseThrow();
      ForwardDeployment d1 = rig.deployments.get(lab1);
      JsonNode jump = jumpServer(rig, d1);
      assertThat(jump.path("host").asText()).isEqualTo("127.0.0.1");
      assertThat(jump.path("port").asInt()).isEqualTo(nodePort);
      assertThat(jump.path("username").asText()).isEqualTo("ferry");
      assertThat(jump.hasNonNull("sshKey")).isTrue();
      String privateKey = rig.secrets.open(bastion.privateKey());
      assertThat(rig.secrets.open(d1.jumpSecretId())).isEqualTo(privateKey);
      String authorized = kube.object(configMap).at("/data/authorized_keys").asText();
      assertThat(authorized.trim()).isEqualTo(bastion.publicKey());
      assertPublicKeyOf(privateKey, authorized);
      String history =
          rig.decodedHistory(WorkflowStub.fromTyped(first).getExecution().getWorkflowId());
      assertThat(history).doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());

      // a second deployment of the same user shares the bastion, and its policy widens to it
      rig.sync(lab2, "ws2", "lab2", "byos");
      assertThat(rig.bastions.forDeployment(lab2).orElseThrow().id()).isEqualTo(bastion.id());
      assertThat(kube.objectPaths()).filteredOn(p -> p.contains("ferry-bastion")).hasSize(4);
      assertIsolated(kube.object(policy), List.of("ws1", "ws2"), List.of("10.1.0.", "10.2.0."));

      // another tenant gets its own bastion, and neither policy reaches the other's devices
      UUID bobLab = bobsDeployment(rig, kube);
      String bobPolicy = "/apis/networking.k8s.io/v1" + NS + "networkpolicies/ferry-bastion-u-bob";
      assertIsolated(kube.object(bobPolicy), List.of("blue"), List.of("10.9.0."));
      assertThat(rig.bastions.forDeployment(bobLab).orElseThrow().id()).isNotEqualTo(bastion.id());

      // rotation: a new key on the bastion and in Forward
      rig.bastionService.rotate(bastion);
      rig.sync(lab1, "ws1", "lab1", "byos");
      ForwardBastion rotated = rig.bastions.find(bastion.id()).orElseThrow();
      assertThat(rotated.publicKey()).isNotEqualTo(bastion.publicKey());
      assertThat(kube.object(configMap).at("/data/authorized_keys").asText().trim())
          .isEqualTo(rotated.publicKey());
      ForwardDeployment rekeyed = rig.deployments.get(lab1);
      assertThat(rig.secrets.open(rekeyed.jumpSecretId()))
          .isEqualTo(rig.secrets.open(rotated.privateKey()))
          .isNotEqualTo(privateKey);
      assertThat(rekeyed.jumpServerId()).isNotEqualTo(d1.jumpServerId());
      assertThat(jumpServer(rig, rekeyed).path("port").asInt()).isEqualTo(nodePort);

      // destroying one deployment keeps the bastion for the other, without its devices
      destroy(rig, lab1, "ws1", "lab1");
      assertThat(kube.object(deployment)).isNotNull();
      assertIsolated(kube.object(policy), List.of("ws2"), List.of("10.2.0."));
      assertThat(rig.bastions.forDeployment(lab1)).isEmpty();

      // the last deployment that used it removes it, and its key
      destroy(rig, lab2, "ws2", "lab2");
      for (String path : List.of(configMap, deployment, service, policy)) {
        assertThat(kube.object(path)).as(path).isNull();
      }
      assertThat(rig.bastions.find(bastion.id())).isEmpty();
      assertThat(
              rig.jdbc
                  .sql("SELECT count(*) FROM secrets WHERE id = ?")
                  .param(bastion.privateKey().id())
                  .query(Integer.class)
                  .single())
          .isZero();
      assertThat(kube.object(bobPolicy)).as("another tenant's bastion stays").isNotNull();
    }
  }

  @Test
  void withoutAClusterTheSyncFailsSayingWhy() {
    try (ForwardRig rig = new ForwardRig(ForwardRig.properties(500, 4), true)) {
      UUID lab = byos(rig, "ws", "lab", rig.sandboxProfile(), "10.3.0.");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> rig.sync(lab, "ws", "lab", "byos"))
          .hasStackTraceContaining("ferry.forward.kubernetes.api-url");
      assertThat(rig.deployments.get(lab).jumpHost()).isNull();
    }
  }

  /** A BYOS deployment that asks for the Ferry bastion, stored as the API stores it. */
  private static UUID byos(
      ForwardRig rig, String workspace, String name, ForwardProfile profile, String subnet) {
    return byos(rig, rig.userId, workspace, name, profile, subnet);
  }

  private static UUID byos(
      ForwardRig rig,
      UUID owner,
      String workspace,
      String name,
      ForwardProfile profile,
      String subnet) {
    List<ForwardDeploymentService.DeviceInput> devices = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      devices.add(
          new ForwardDeploymentService.DeviceInput(
              name + "-r" + i, "eos", subnet + i, 22, "admin", "admin"));
    }
    // the user's own collector, outside the cluster, is what reaches the devices through the
    // bastion
    String collector = "own-" + workspace + "-" + name;
    try {
      rig.forwardApi().post("/api/collectors", Map.of("collectorName", collector));
    } catch (Exception e) {
      throw new IllegalStateException("registering the user's collector in the sandbox", e);
    }
    UUID id =
        rig.deploymentService.save(
            new ForwardDeploymentService.Submission(
                owner, workspace, name, "byos", profile.id(), devices, List.of(), null, collector),
            true);
    rig.bastions.request(id);
    return id;
  }

  private static UUID bobsDeployment(ForwardRig rig, KubernetesSandbox kube) {
    UUID bob = UUID.randomUUID();
    rig.jdbc
        .sql("INSERT INTO users (id, name, role) VALUES (?, 'bob', 'user')")
        .param(bob)
        .update();
    ForwardProfile profile =
        rig.profileService.create(
            bob,
            new ForwardProfile.Settings(
                "bob-" + UUID.randomUUID(),
                rig.forward.baseUrl(),
                "demo-key",
                false,
                null,
                null,
                true),
            "demo-secret");
    UUID lab = byos(rig, bob, "blue", "lab", profile, "10.9.0.");
    rig.sync(lab, "blue", "lab", "byos");
    return lab;
  }

  /**
   * The policy selects the bastion's pods, takes only SSH in, and lets it reach only these
   * namespaces, these devices (each a /32) and the cluster's DNS.
   */
  private static void assertIsolated(
      JsonNode policy, List<String> namespaces, List<String> subnets) {
    assertThat(policy.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt())
        .isEqualTo(BastionManifests.SSH_PORT);
    List<String> reached = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    for (JsonNode rule : policy.at("/spec/egress")) {
      for (JsonNode to : rule.path("to")) {
        to.at("/namespaceSelector/matchExpressions/0/values").forEach(v -> reached.add(v.asText()));
        if (to.has("ipBlock")) {
          cidrs.add(to.at("/ipBlock/cidr").asText());
        }
      }
    }
    assertThat(reached).containsExactlyElementsOf(namespaces);
    List<String> expected = new ArrayList<>();
    subnets.forEach(s -> expected.addAll(List.of(s + "1/32", s + "2/32")));
    assertThat(cidrs).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static JsonNode jumpServer(ForwardRig rig, ForwardDeployment d) throws Exception {
    JsonNode list =
        new Http(rig.forward.baseUrl(), "demo-key", "demo-secret")
            .get("/api/networks/" + d.networkId() + "/jumpServers")
            .json();
    JsonNode servers = list.isArray() ? list : list.path("jumpServers");
    // the one the deployment records; deleting the one a rotation replaced is the jump-server
    // replacement's job (any change of host, port, user or key), not the bastion's
    for (JsonNode server : servers) {
      if (server.path("id").asText().equals(d.jumpServerId())) {
        return server;
      }
    }
    throw new AssertionError("no jump server " + d.jumpServerId() + " in " + servers);
  }

  /** The real ssh-keygen derives the authorized public key from the private key Forward got. */
  private static void assertPublicKeyOf(String privateKey, String authorized) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
    Path file =
        Files.createTempFile(
            "bastion",
            ".key",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(file, privateKey);
      Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", file.toString()).start();
      String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor()).isZero();
      String[] parts = authorized.trim().split(" ");
      assertThat(derived).startsWith(parts[0] + " " + parts[1]);
    } finally {
      Files.delete(file);
    }
  }

  private static void destroy(ForwardRig rig, UUID id, String workspace, String deployment) {
    rig.client
        .newWorkflowStub(
            ForwardDestroyWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(rig.taskQueue)
                .setWorkflowId(
                    DestroyRequest.workflowId(workspace, deployment) + "-" + UUID.randomUUID())
                .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                .build())
        .destroy(new DestroyRequest(id.toString(), "alice", workspace, deployment, "byos", false));
  }
}
