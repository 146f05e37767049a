package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.forward.workflow.ForwardConnectionWorkflow;
import io.temporal.client.WorkflowOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection test checks that the account may manage collectors and networks (issue #10, item
 * 7), against the Forward sandbox modelling accounts whose role lacks either permission.
 */
class ForwardConnectionPermissionTest {

  private static ForwardRig rig;

  @BeforeAll
  static void start() {
    rig = new ForwardRig();
    rig.forward
        .user("viewer", "viewer-secret")
        .withoutPermissions("viewer", "MANAGE_COLLECTORS")
        .user("netless", "netless-secret")
        .withoutPermissions("netless", "MANAGE_NETWORKS");
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  private ConnectionOutcome test(ForwardProfile profile) {
    return rig.client
        .newWorkflowStub(
            ForwardConnectionWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(rig.taskQueue).build())
        .test(profile.id().toString());
  }

  @Test
  void anAccountThatMayManageBothIsOkAndLeavesNoNetworkBehind() {
    ConnectionOutcome outcome = test(rig.sandboxProfile());
    assertThat(outcome.status()).isEqualTo(ConnectionStatus.OK);
    assertThat(rig.forward.networkCount()).as("the probe network is deleted").isZero();
  }

  @Test
  void anAccountThatCannotManageCollectorsIsInsufficientPermission() {
    ConnectionOutcome outcome = test(rig.profile(rig.forward.baseUrl(), "viewer", "viewer-secret"));
    assertThat(outcome.status()).isEqualTo(ConnectionStatus.INSUFFICIENT_PERMISSION);
    assertThat(outcome.forwardVersion()).as("Forward was reached").isEqualTo("26.6.0");
    assertThat(outcome.message())
        .contains("cannot manage collectors")
        .contains("Missing permission: OrgOperation.MANAGE_COLLECTORS");
  }

  @Test
  void anAccountThatCannotCreateNetworksIsInsufficientPermission() {
    ConnectionOutcome outcome =
        test(rig.profile(rig.forward.baseUrl(), "netless", "netless-secret"));
    assertThat(outcome.status()).isEqualTo(ConnectionStatus.INSUFFICIENT_PERMISSION);
    assertThat(outcome.message())
        .contains("cannot create networks")
        .contains("Missing permission: OrgOperation.MANAGE_NETWORKS");
    assertThat(rig.forward.networkCount()).isZero();
  }

  @Test
  void wrongCredentialsStayBadCredentials() {
    assertThat(test(rig.profile(rig.forward.baseUrl(), "viewer", "wrong")).status())
        .isEqualTo(ConnectionStatus.BAD_CREDENTIALS);
  }
}
