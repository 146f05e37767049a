package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.CollectorAction;
import dev.ferry.forward.workflow.CollectorStatus;
import dev.ferry.forward.workflow.ForwardCollectorWorkflow;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The collector lifecycle workflow against the Forward and Kubernetes sandboxes, the real dev
 * server and PostgreSQL: status (Forward's view and the Deployment's readiness), re-registration (a
 * new key in Forward and in the cluster's Secret), and deletion with the profile.
 */
class ForwardCollectorLifecycleTest {

  private static List<CollectorStatus> run(
      ForwardRig rig, CollectorAction action, ForwardProfile profile) {
    return rig.client
        .newWorkflowStub(
            ForwardCollectorWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(rig.taskQueue).build())
        .run(action, profile.id().toString(), rig.userName);
  }

  @Test
  void statusReregisterAndDeleteFollowForwardAndTheCluster() throws Exception {
    try (KubernetesSandbox kube = new KubernetesSandbox().token("kube-token").start(0)) {
      ForwardProperties properties = ForwardRig.inCluster(kube);
      try (ForwardRig rig = new ForwardRig(properties, true)) {
        ForwardProfile profile = rig.sandboxProfile();
        assertThat(run(rig, CollectorAction.STATUS, profile))
            .as("nothing registered before the first sync")
            .isEmpty();
        UUID id =
            rig.saveDeployment(
                "ws", "c9s", "netlab-c9s", profile, ForwardRig.devices(2, "pw"), List.of(), null);
        rig.sync(id, "ws", "c9s", "netlab-c9s");

        CollectorStatus before = run(rig, CollectorAction.STATUS, profile).getFirst();
        assertThat(before.inForward()).isTrue();
        assertThat(before.connected()).isTrue();
        assertThat(before.connectionStatus()).isEqualTo("CONNECTED");
        assertThat(before.deployment()).startsWith("ferry-collector-");
        assertThat(before.deploymentReady()).isTrue();

        rig.forward.collectorsConnected(false);
        String secretPath =
            "/api/v1/namespaces/ferry-system/secrets/"
                + CollectorManifests.deploymentName(before.name());
        String oldKey = token(kube, secretPath);

        CollectorStatus after = run(rig, CollectorAction.REREGISTER, profile).getFirst();
        assertThat(after.name()).isEqualTo(before.name());
        assertThat(after.forwardId()).isNotEqualTo(before.forwardId());
        assertThat(after.username()).isNotEqualTo(before.username());
        assertThat(after.connected()).as("Forward's view, not a guess").isFalse();
        String newKey =
            rig.secrets.open(rig.collectors.find(profile.id(), "user").orElseThrow().keySecretId());
        assertThat(newKey).isNotEqualTo(oldKey).startsWith(after.username() + ":");
        assertThat(token(kube, secretPath)).as("the Secret carries the new key").isEqualTo(newKey);
        assertThat(rig.forwardApi().get("/api/collectors/" + before.forwardId()).status())
            .as("the old registration is gone")
            .isEqualTo(404);

        // a collector something else refers to stays (collector protection)
        ForwardProfile other = rig.sandboxProfile();
        rig.jdbc
            .sql("UPDATE forward_profiles SET preferred_collector = ? WHERE id = ?")
            .params(after.name(), other.id())
            .update();
        run(rig, CollectorAction.DELETE, profile);
        assertThat(rig.forward.collectorCount()).isEqualTo(1);
        rig.jdbc
            .sql("UPDATE forward_profiles SET preferred_collector = NULL WHERE id = ?")
            .param(other.id())
            .update();

        assertThat(run(rig, CollectorAction.DELETE, profile)).isEmpty();
        assertThat(rig.forward.collectorCount()).as("deleted in Forward").isZero();
        assertThat(kube.object(secretPath)).as("and in the cluster").isNull();
        assertThat(
                kube.object(
                    "/apis/apps/v1/namespaces/ferry-system/deployments/" + before.deployment()))
            .isNull();
      }
    }
  }

  private static String token(KubernetesSandbox kube, String path) {
    return new String(
        Base64.getDecoder().decode(kube.object(path).path("data").path("TOKEN").asText()),
        StandardCharsets.UTF_8);
  }
}
