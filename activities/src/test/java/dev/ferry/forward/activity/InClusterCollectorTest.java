package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** In-cluster deployment types get their collector applied to the cluster by server-side apply. */
class InClusterCollectorTest {

  private static final String NS = "/namespaces/ferry-system/";

  @Test
  void syncAppliesSecretVolumeAndDeploymentAndReapplyingChangesNothing() {
    try (KubernetesSandbox kube = new KubernetesSandbox().token("kube-token").start(0)) {
      ForwardProperties properties =
          new ForwardProperties(
              100,
              2,
              Duration.ofSeconds(10),
              Duration.ofSeconds(2),
              "user",
              Map.of(),
              new ForwardProperties.Kubernetes(
                  kube.baseUrl(),
                  "kube-token",
                  "ferry-system",
                  "forwardnetworks/collector:26.6",
                  null,
                  false,
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10)));
      try (ForwardRig rig = new ForwardRig(properties, true)) {
        ForwardProfile profile = rig.sandboxProfile();
        UUID id =
            rig.saveDeployment(
                "ws", "c9s", "netlab-c9s", profile, ForwardRig.devices(3, "pw"), List.of(), null);
        rig.sync(id, "ws", "c9s", "netlab-c9s");

        String name = "ferry-collector-alice";
        String secretPath = "/api/v1" + NS + "secrets/" + name;
        String deploymentPath = "/apis/apps/v1" + NS + "deployments/" + name;
        JsonNode secret = kube.object(secretPath);
        String key =
            rig.secrets.open(rig.collectors.find(profile.id(), "user").orElseThrow().keySecretId());
        assertThat(
                new String(
                    Base64.getDecoder().decode(secret.path("data").path("TOKEN").asText()),
                    StandardCharsets.UTF_8))
            .isEqualTo(key);
        assertThat(
                kube.object("/api/v1" + NS + "persistentvolumeclaims/" + name + "-data")
                    .at("/spec/resources/requests/storage")
                    .asText())
            .isEqualTo("1Gi");
        JsonNode deployment = kube.object(deploymentPath);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("forwardnetworks/collector:26.6");
        assertThat(container.path("env").toString())
            .contains("\"APP_HOST\"")
            .contains("\"127.0.0.1\"")
            .contains("\"secretKeyRef\"")
            .doesNotContain(key);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(kube.fieldManager(deploymentPath)).isEqualTo("ferry");
        String version = deployment.at("/metadata/resourceVersion").asText();

        rig.sync(id, "ws", "c9s", "netlab-c9s");
        assertThat(kube.objectCount()).isEqualTo(3);
        assertThat(kube.object(deploymentPath).at("/metadata/resourceVersion").asText())
            .isEqualTo(version);
        assertThat(rig.forward.collectorCount()).isEqualTo(1);

        UUID byos =
            rig.saveDeployment(
                "ws", "own", "byos", profile, ForwardRig.devices(2, "pw"), List.of(), null);
        // no collector of its own bound yet: do not follow a collection that cannot run
        rig.syncStub("ws", "own", "byos")
            .sync(new SyncRequest(byos.toString(), rig.userName, "ws", "own", "byos", true));
        assertThat(kube.objectCount()).as("BYOS brings its own collector").isEqualTo(3);
      }
    }
  }

  @Test
  void workspaceScopeRegistersOneCollectorPerWorkspace() {
    ForwardProperties properties =
        new ForwardProperties(
            100, 2, Duration.ofSeconds(10), Duration.ofSeconds(2), "workspace", Map.of(), null);
    try (ForwardRig rig = new ForwardRig(properties, true)) {
      ForwardProfile profile = rig.sandboxProfile();
      for (String[] d : new String[][] {{"blue", "a"}, {"blue", "b"}, {"green", "c"}}) {
        UUID id =
            rig.saveDeployment(
                d[0], d[1], "clabernetes", profile, ForwardRig.devices(2, "pw"), List.of(), null);
        rig.sync(id, d[0], d[1], "clabernetes");
      }
      assertThat(rig.forward.collectorCount()).isEqualTo(2);
      assertThat(rig.collectors.find(profile.id(), "workspace:blue")).isPresent();
      assertThat(rig.collectors.find(profile.id(), "workspace:green").orElseThrow().name())
          .isEqualTo("ferry-alice-green");
    }
  }

  @Test
  void appHostIsTheHostOfTheForwardUrl() {
    assertThat(CollectorManifests.appHost("https://fwd.app")).isEqualTo("fwd.app");
    assertThat(CollectorManifests.appHost("forward.example.com:8443/"))
        .isEqualTo("forward.example.com");
  }
}
