package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import dev.ferry.testing.Http;
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
  void syncAppliesSecretVolumeAndDeploymentAndReapplyingChangesNothing() throws Exception {
    try (KubernetesSandbox kube = new KubernetesSandbox().token("kube-token").start(0)) {
      ForwardProperties properties = ForwardRig.inCluster(kube);
      try (ForwardRig rig = new ForwardRig(properties, true)) {
        ForwardProfile profile = rig.sandboxProfile();
        UUID id =
            rig.saveDeployment(
                "ws", "c9s", "netlab-c9s", profile, ForwardRig.devices(3, "pw"), List.of(), null);
        rig.sync(id, "ws", "c9s", "netlab-c9s");

        String name =
            CollectorManifests.deploymentName(
                ForwardNames.collector("alice", profile.name(), null));
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
        assertThat(kube.fieldManagers(deploymentPath)).containsExactly("ferry/Apply");
        assertThat(kube.object("/api/v1/namespaces/ferry-system"))
            .as("Ferry applies the namespace the API server requires")
            .isNotNull();
        String version = deployment.at("/metadata/resourceVersion").asText();

        rig.sync(id, "ws", "c9s", "netlab-c9s");
        assertThat(kube.objectCount()).isEqualTo(4);
        assertThat(kube.object(deploymentPath).at("/metadata/resourceVersion").asText())
            .isEqualTo(version);

        // an operator takes over the image and adds a label; Ferry's forced re-apply takes the
        // image back and leaves the operator's label alone
        Http operator =
            new Http(kube.baseUrl(), null, null)
                .bearer("kube-token")
                .header("Content-Type", "application/apply-patch+yaml");
        String takeover =
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\""
                + name
                + "\",\"labels\":{\"team\":\"netops\"}},\"spec\":{\"template\":{\"spec\":"
                + "{\"containers\":[{\"name\":\"collector\",\"image\":\"custom/collector:1\"}]}}}}";
        assertThat(operator.send("PATCH", deploymentPath + "?fieldManager=ops", takeover).status())
            .as("the image is Ferry's")
            .isEqualTo(409);
        assertThat(
                operator
                    .send("PATCH", deploymentPath + "?fieldManager=ops&force=true", takeover)
                    .status())
            .isEqualTo(200);
        assertThat(
                kube.object(deploymentPath).at("/spec/template/spec/containers/0/image").asText())
            .isEqualTo("custom/collector:1");
        rig.sync(id, "ws", "c9s", "netlab-c9s");
        JsonNode healed = kube.object(deploymentPath);
        assertThat(healed.at("/spec/template/spec/containers/0/image").asText())
            .isEqualTo("forwardnetworks/collector:26.6");
        assertThat(healed.at("/metadata/labels/team").asText()).isEqualTo("netops");
        assertThat(kube.fieldManagers(deploymentPath)).containsExactly("ferry/Apply", "ops/Apply");
        assertThat(rig.forward.collectorCount()).isEqualTo(1);

        rig.forwardApi().post("/api/collectors", Map.of("collectorName", "alices-own"));
        UUID byos =
            rig.deploymentService.save(
                new ForwardDeploymentService.Submission(
                    rig.userId,
                    "ws",
                    "own",
                    "byos",
                    profile.id(),
                    ForwardRig.devices(2, "pw"),
                    List.of(),
                    null,
                    "alices-own"));
        // the named collector is registered but runs nowhere: do not follow a collection it never
        // picks up
        rig.syncStub("ws", "own", "byos")
            .sync(new SyncRequest(byos.toString(), rig.userName, "ws", "own", "byos", true));
        assertThat(kube.objectCount()).as("BYOS brings its own collector").isEqualTo(4);
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
          .isEqualTo(ForwardNames.collector("alice", profile.name(), "green"));
    }
  }

  @Test
  void appHostIsTheHostOfTheForwardUrl() {
    assertThat(CollectorManifests.appHost("https://fwd.app")).isEqualTo("fwd.app");
    assertThat(CollectorManifests.appHost("forward.example.com:8443/"))
        .isEqualTo("forward.example.com");
  }
}
