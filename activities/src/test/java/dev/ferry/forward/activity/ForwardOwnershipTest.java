package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardDeploymentService.JumpInput;
import dev.ferry.forward.store.ForwardDeploymentService.Submission;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.DestroyRequest;
import dev.ferry.forward.workflow.DestroyResult;
import dev.ferry.forward.workflow.ForwardDestroyWorkflow;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.sandbox.forward.ForwardSandbox;
import dev.ferry.testing.Http;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #10's scenarios against the real dev server, PostgreSQL and the Forward sandbox: tenants
 * kept apart by ownership markers, drift in Forward healed on the next sync, collectors per
 * profile, BYOS A's named collector, jump-server replacement and a destroy that leaves nothing.
 */
class ForwardOwnershipTest {

  private static ForwardRig rig;
  private static Http forward;

  @BeforeAll
  static void start() {
    rig = new ForwardRig(ForwardRig.properties(7, 3), true);
    forward = rig.forwardApi();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void twoWorkspacesWithTheSameDeploymentNameKeepTheirOwnNetworks() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID first = save("ws-one", "lab", "labpp", profile, ForwardRig.devices(4, "pw"), null);
    UUID second = save("ws-two", "lab", "labpp", profile, devices("x", 3), null);

    SyncResult one = rig.sync(first, "ws-one", "lab", "labpp");
    SyncResult two = rig.sync(second, "ws-two", "lab", "labpp");

    assertThat(two.networkId()).isNotEqualTo(one.networkId());
    assertThat(one.networkName()).contains("ws-one");
    assertThat(two.networkName()).contains("ws-two");
    assertThat(names(one.networkId(), "classic-devices", "devices"))
        .containsExactlyInAnyOrder("dev0", "dev1", "dev2", "dev3");
    assertThat(names(two.networkId(), "classic-devices", "devices"))
        .containsExactlyInAnyOrder("x0", "x1", "x2");
    JsonNode network = network(one.networkId());
    assertThat(network.get("note").asText()).contains("ws-one/lab").contains(first.toString());
    assertThat(network.get("creator").asText()).isEqualTo("alice-fwd");

    // a re-sync of each prunes only its own network
    rig.sync(first, "ws-one", "lab", "labpp");
    assertThat(rig.forward.deviceCount(two.networkId())).isEqualTo(3);
  }

  @Test
  void aForeignNetworkWithOurNameIsAClearErrorNeverAdopted() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    String name = ForwardNames.network("ws-clash", "lab", rig.userName);
    String foreign = forward.post("/api/networks?name=" + name, null).json().get("id").asText();
    forward.post(
        "/api/networks/" + foreign + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "theirs", "host", "10.9.9.9")));
    UUID id = save("ws-clash", "lab", "labpp", profile, ForwardRig.devices(2, "pw"), null);

    assertThatThrownBy(() -> rig.sync(id, "ws-clash", "lab", "labpp"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e -> {
              ApplicationFailure failure = failure(e);
              assertThat(failure.getType()).isEqualTo("ForwardNetworkNameTaken");
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains(name).contains("id " + foreign);
            });
    assertThat(names(foreign, "classic-devices", "devices")).containsExactly("theirs");
    assertThat(rig.deployments.get(id).networkId()).isNull();
  }

  @Test
  void devicesAPersonAddedToOurNetworkAreNotPruned() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = save("ws-keep", "lab", "labpp", profile, ForwardRig.devices(3, "pw"), null);
    SyncResult first = rig.sync(id, "ws-keep", "lab", "labpp");
    forward.post(
        "/api/networks/" + first.networkId() + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "hand-made", "host", "10.7.7.7")));

    save("ws-keep", "lab", "labpp", profile, ForwardRig.devices(2, "pw"), null);
    rig.sync(id, "ws-keep", "lab", "labpp");

    assertThat(names(first.networkId(), "classic-devices", "devices"))
        .containsExactlyInAnyOrder("dev0", "dev1", "hand-made");
  }

  @Test
  void aNetworkDeletedInForwardIsCreatedAgainWithFreshIds() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        save("ws-drift", "lab", "labpp", profile, ForwardRig.devices(5, "pw"), linuxHost("pl"));
    SyncResult first = rig.sync(id, "ws-drift", "lab", "labpp");
    assertThat(forward.send("DELETE", "/api/networks/" + first.networkId(), null).status())
        .isEqualTo(200);

    SyncResult second = rig.sync(id, "ws-drift", "lab", "labpp");

    assertThat(second.networkId()).isNotEqualTo(first.networkId());
    assertThat(rig.forward.deviceCount(second.networkId())).isEqualTo(5);
    assertThat(rig.forward.endpointCount(second.networkId())).isEqualTo(1);
    List<String> credentialIds = new ArrayList<>();
    forward
        .get("/api/networks/" + second.networkId() + "/cli-credentials")
        .json()
        .forEach(c -> credentialIds.add(c.get("id").asText()));
    rig.deployments.credentials(id).forEach(c -> assertThat(credentialIds).contains(c.forwardId()));
  }

  /**
   * {@code make run}, {@code make stop}, {@code make run}: the database remembers ids a restarted
   * Forward sandbox has forgotten, and hands out again to other deployments.
   */
  @Test
  void aForwardThatForgotEverythingAndReusesIdsIsSyncedAfresh() throws Exception {
    ForwardProfile profile = namedProfile("restart");
    UUID a =
        save("ws-ra", "lab", "netlab-c9s", profile, ForwardRig.devices(3, "pw"), linuxHost("x"));
    UUID b = save("ws-rb", "lab", "netlab-c9s", profile, devices("b", 2), linuxHost("y"));
    try (ForwardSandbox fresh =
        new ForwardSandbox().apiToken("demo-key", "demo-secret", "alice-fwd").start(0)) {
      SyncResult firstA = sync(a, "ws-ra", fresh, profile);
      sync(b, "ws-rb", fresh, profile);
      try (ForwardSandbox restarted =
          new ForwardSandbox().apiToken("demo-key", "demo-secret", "alice-fwd").start(0)) {
        // b syncs first and is handed the id a has cached
        SyncResult againB = sync(b, "ws-rb", restarted, profile);
        assertThat(againB.networkId()).isEqualTo(firstA.networkId());
        SyncResult againA = sync(a, "ws-ra", restarted, profile);

        assertThat(againA.networkId()).isNotEqualTo(againB.networkId());
        assertThat(restarted.deviceCount(againA.networkId())).isEqualTo(3);
        assertThat(restarted.deviceCount(againB.networkId())).isEqualTo(2);
        assertThat(restarted.endpointCount(againA.networkId())).isEqualTo(1);
        assertThat(rig.deployments.get(a).endpointProfileId())
            .isNotEqualTo(rig.deployments.get(b).endpointProfileId());
      }
    }
  }

  private static SyncResult sync(UUID id, String ws, ForwardSandbox at, ForwardProfile profile) {
    rig.profileService.update(
        profile,
        new ForwardProfile.Settings(
            profile.name(), at.baseUrl(), "demo-key", false, null, null, false),
        null);
    return rig.sync(id, ws, "lab", "netlab-c9s");
  }

  @Test
  void aCollectorDeletedInForwardIsRegisteredAndBoundAgain() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = save("ws-col", "lab", "clabernetes", profile, ForwardRig.devices(2, "pw"), null);
    SyncResult first = rig.sync(id, "ws-col", "lab", "clabernetes");
    String before = rig.collectors.find(profile.id(), "user").orElseThrow().forwardId();
    assertThat(forward.send("DELETE", "/api/collectors/" + before, null).status()).isEqualTo(204);

    rig.sync(id, "ws-col", "lab", "clabernetes");

    String after = rig.collectors.find(profile.id(), "user").orElseThrow().forwardId();
    assertThat(after).isNotEqualTo(before);
    JsonNode bound = forward.get("/api/networks/" + first.networkId() + "/collector").json();
    assertThat(bound.get("id").asText()).isEqualTo(after);
  }

  @Test
  void aCredentialJumpServerAndEndpointProfileDeletedInForwardAreCreatedAgain() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    String collector = userCollector("own-drift");
    UUID id =
        byos("ws-access", profile, ForwardRig.devices(4, "pw"), linuxHost("pl"), 22, collector);
    SyncResult first = rig.sync(id, "ws-access", "lab", "byos");
    String net = "/api/networks/" + first.networkId();
    ForwardDeployment synced = rig.deployments.get(id);
    String eos = credentialId(id, "eos");
    assertThat(forward.send("DELETE", net + "/cli-credentials/" + eos, null).status())
        .isEqualTo(204);
    assertThat(forward.send("DELETE", net + "/jumpServers/" + synced.jumpServerId(), null).status())
        .isEqualTo(200);
    assertThat(
            forward
                .send("DELETE", "/api/endpoint-profiles/" + synced.endpointProfileId(), null)
                .status())
        .isEqualTo(204);

    rig.sync(id, "ws-access", "lab", "byos");

    ForwardDeployment healed = rig.deployments.get(id);
    String newEos = credentialId(id, "eos");
    assertThat(newEos).isNotEqualTo(eos);
    assertThat(healed.jumpServerId()).isNotEqualTo(synced.jumpServerId());
    assertThat(healed.endpointProfileId()).isNotEqualTo(synced.endpointProfileId());
    assertThat(ids(forward.get(net + "/jumpServers").json()))
        .containsExactly(healed.jumpServerId());
    for (JsonNode d : forward.get(net + "/classic-devices").json().get("devices")) {
      assertThat(d.get("jumpServerId").asText()).isEqualTo(healed.jumpServerId());
      if (d.get("name").asText().equals("dev0")) {
        assertThat(d.get("cliCredentialId").asText()).isEqualTo(newEos);
      }
    }
    JsonNode endpoint = forward.get(net + "/endpoints").json().get("endpoints").get(0);
    assertThat(endpoint.get("profileId").asText()).isEqualTo(healed.endpointProfileId());
  }

  @Test
  void twoProfilesOfOneUserKeepTheirOwnCollectors() throws Exception {
    ForwardProfile work = namedProfile("work");
    ForwardProfile home = namedProfile("home");
    UUID a = save("ws-p1", "lab", "labpp", work, ForwardRig.devices(2, "pw"), null);
    UUID b = save("ws-p2", "lab", "labpp", home, ForwardRig.devices(2, "pw"), null);

    rig.sync(a, "ws-p1", "lab", "labpp");
    String workCollector = rig.collectors.find(work.id(), "user").orElseThrow().forwardId();
    rig.sync(b, "ws-p2", "lab", "labpp");
    rig.sync(a, "ws-p1", "lab", "labpp");

    assertThat(rig.collectors.find(work.id(), "user").orElseThrow().forwardId())
        .as("the first profile's collector survives the second profile's sync")
        .isEqualTo(workCollector);
    List<String> names = new ArrayList<>();
    forward.get("/api/collectors").json().forEach(c -> names.add(c.get("name").asText()));
    assertThat(names)
        .contains(ForwardNames.collector(rig.userName, work.name(), null))
        .contains(ForwardNames.collector(rig.userName, home.name(), null));
  }

  @Test
  void aCollectorAStoredProfileUsesIsNeverDeletedToFreeItsName() throws Exception {
    ForwardProfile profile = namedProfile("guarded");
    String name = ForwardNames.collector(rig.userName, profile.name(), null);
    // someone's collector already has our name, and another profile names it as its preferred one
    JsonNode theirs = forward.post("/api/collectors", Map.of("collectorName", name)).json();
    rig.profileService.create(
        rig.userId,
        new ForwardProfile.Settings(
            "prefers-it", rig.forward.baseUrl(), "demo-key", false, null, name, false),
        "demo-secret");
    UUID id = save("ws-guard", "lab", "labpp", profile, ForwardRig.devices(2, "pw"), null);

    rig.sync(id, "ws-guard", "lab", "labpp");

    List<String> collectorIds = ids(forward.get("/api/collectors").json());
    assertThat(collectorIds).contains(theirs.get("id").asText());
    assertThat(rig.collectors.find(profile.id(), "user").orElseThrow().name())
        .startsWith(name + "-");
  }

  @Test
  void byosOptionAWithoutACollectorFailsAndNamingOneBindsIt() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = save("ws-byos-a", "lab", "byos", profile, ForwardRig.devices(2, "pw"), null);
    assertThatThrownBy(() -> rig.sync(id, "ws-byos-a", "lab", "byos"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(failure(e).getType()).isEqualTo("ForwardCollectorRequired"));

    String collector = userCollector("own-a");
    save("ws-byos-a", "lab", "byos", profile, ForwardRig.devices(2, "pw"), null, null, collector);
    SyncResult result = rig.sync(id, "ws-byos-a", "lab", "byos");
    JsonNode bound = forward.get("/api/networks/" + result.networkId() + "/collector").json();
    assertThat(bound.get("name").asText()).isEqualTo(collector);
  }

  @Test
  void aJumpServerPortChangeReplacesItAndDeletesTheOldOne() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    String collector = userCollector("own-port");
    UUID id = byos("ws-port", profile, ForwardRig.devices(3, "pw"), List.of(), 22, collector);
    SyncResult first = rig.sync(id, "ws-port", "lab", "byos");
    String net = "/api/networks/" + first.networkId();
    String old = rig.deployments.get(id).jumpServerId();

    byos("ws-port", profile, ForwardRig.devices(3, "pw"), List.of(), 2222, collector);
    rig.sync(id, "ws-port", "lab", "byos");

    JsonNode jumps = forward.get(net + "/jumpServers").json();
    assertThat(jumps).hasSize(1);
    assertThat(jumps.get(0).get("port").asInt()).isEqualTo(2222);
    String replacement = jumps.get(0).get("id").asText();
    assertThat(replacement).isNotEqualTo(old).isEqualTo(rig.deployments.get(id).jumpServerId());
    for (JsonNode d : forward.get(net + "/classic-devices").json().get("devices")) {
      assertThat(d.get("jumpServerId").asText()).isEqualTo(replacement);
    }
    assertThat(rig.deployments.get(id).retiredJumpServerId()).isNull();
  }

  @Test
  void destroyLeavesNoFerryCreatedObjectBehind() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    String collector = userCollector("own-destroy");
    UUID id = byos("ws-gone", profile, ForwardRig.devices(6, "pw"), linuxHost("pl"), 22, collector);
    SyncResult synced = rig.sync(id, "ws-gone", "lab", "byos");
    String net = "/api/networks/" + synced.networkId();
    String profileId = rig.deployments.get(id).endpointProfileId();
    forward.post(
        net + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "hand-made", "host", "10.7.7.7")));

    DestroyResult removed = destroy(id, "ws-gone", "lab", false);

    assertThat(removed.devicesRemoved()).isEqualTo(7);
    assertThat(names(synced.networkId(), "classic-devices", "devices"))
        .as("only what a person added stays")
        .containsExactly("hand-made");
    assertThat(forward.get(net + "/endpoints").json().get("endpoints")).isEmpty();
    assertThat(forward.get(net + "/cli-credentials").json()).isEmpty();
    assertThat(forward.get(net + "/jumpServers").json()).isEmpty();
    assertThat(forward.get("/api/endpoint-profiles/" + profileId).status()).isEqualTo(404);
    assertThat(network(synced.networkId()))
        .as("the network stays without deleteNetwork")
        .isNotNull();

    assertThat(destroy(id, "ws-gone", "lab", true).networkDeleted()).isTrue();
    assertThat(network(synced.networkId())).isNull();
    assertThat(rig.deployments.get(id).networkId()).isNull();
  }

  // -- helpers

  private static UUID save(
      String ws,
      String name,
      String type,
      ForwardProfile profile,
      List<DeviceInput> devices,
      List<DeviceInput> hosts) {
    return save(ws, name, type, profile, devices, hosts == null ? List.of() : hosts, null, null);
  }

  private static UUID save(
      String ws,
      String name,
      String type,
      ForwardProfile profile,
      List<DeviceInput> devices,
      List<DeviceInput> hosts,
      JumpInput jump,
      String collector) {
    return rig.deploymentService.save(
        new Submission(
            rig.userId,
            ws,
            name,
            type,
            profile.id(),
            devices,
            hosts == null ? List.of() : hosts,
            jump,
            collector));
  }

  /** A BYOS option B deployment behind jump.example.net, with the user's own collector. */
  private static UUID byos(
      String ws,
      ForwardProfile profile,
      List<DeviceInput> devices,
      List<DeviceInput> hosts,
      int jumpPort,
      String collector) {
    return save(
        ws, "lab", "byos", profile, devices, hosts, jump("jump.example.net", jumpPort), collector);
  }

  private static List<DeviceInput> devices(String prefix, int count) {
    List<DeviceInput> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new DeviceInput(prefix + i, "eos", "10.5.0." + (i + 1), 22, "admin", "pw"));
    }
    return out;
  }

  private static List<DeviceInput> linuxHost(String password) {
    return List.of(new DeviceInput("h1", "linux", "10.1.0.1", 22, "root", password));
  }

  private static JumpInput jump(String host, int port) {
    return new JumpInput(host, port, "alice", "jump-password", false);
  }

  private static ForwardProfile namedProfile(String name) {
    return rig.profileService.create(
        rig.userId,
        new ForwardProfile.Settings(
            name, rig.forward.baseUrl(), "demo-key", false, null, null, false),
        "demo-secret");
  }

  /** A collector the user runs (BYOS), registered in Forward by hand. */
  private static String userCollector(String name) throws Exception {
    forward.post("/api/collectors", Map.of("collectorName", name));
    return name;
  }

  private static String credentialId(UUID id, String kind) {
    return rig.deployments.credentials(id).stream()
        .filter(c -> c.kind().equals(kind))
        .findFirst()
        .orElseThrow()
        .forwardId();
  }

  private static JsonNode network(String id) throws Exception {
    for (JsonNode n : forward.get("/api/networks").json()) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    return null;
  }

  private static List<String> names(String networkId, String route, String wrapper)
      throws Exception {
    List<String> out = new ArrayList<>();
    forward
        .get("/api/networks/" + networkId + "/" + route)
        .json()
        .get(wrapper)
        .forEach(x -> out.add(x.get("name").asText()));
    return out;
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.get("id").asText()));
    return out;
  }

  private static ApplicationFailure failure(Throwable e) {
    return (ApplicationFailure) ((ActivityFailure) e.getCause()).getCause();
  }

  private static DestroyResult destroy(UUID id, String ws, String dep, boolean deleteNetwork) {
    return rig.client
        .newWorkflowStub(
            ForwardDestroyWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(rig.taskQueue)
                .setWorkflowId(DestroyRequest.workflowId(ws, dep) + "-" + UUID.randomUUID())
                .build())
        .destroy(new DestroyRequest(id.toString(), rig.userName, ws, dep, "byos", deleteNetwork));
  }
}
