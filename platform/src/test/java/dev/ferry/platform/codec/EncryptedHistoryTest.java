package dev.ferry.platform.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.testing.TemporalDevServer;
import dev.ferry.testing.TestKeys;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On the real dev server: what Temporal stores is ciphertext, and the codec turns it back. */
class EncryptedHistoryTest {

  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }
  }

  private WorkerFactory factory;

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.shutdownNow();
    }
  }

  @Test
  void historyHoldsOnlyEncryptedPayloads() {
    SecretKeyring keyring = SecretKeyring.parse(TestKeys.newKey("k1"));
    String target = TemporalDevServer.shared(List.of()).target();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    WorkflowClient encrypted =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(FerryDataConverter.encrypted(keyring))
                .build());
    String queue = "codec-" + UUID.randomUUID();
    factory = WorkerFactory.newInstance(encrypted);
    factory.newWorker(queue).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
    factory.start();

    String workflowId = "codec-test-" + UUID.randomUUID();
    GreetingWorkflow workflow =
        encrypted.newWorkflowStub(
            GreetingWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(workflowId).build());
    assertThat(workflow.greet("Zanzibar-marker")).isEqualTo("hello Zanzibar-marker");

    // Read the history with a client that has no codec: this is what the server stored.
    WorkflowClient plain =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(DefaultDataConverter.newDefaultInstance())
                .build());
    List<Payload> stored = new ArrayList<>();
    for (HistoryEvent event : plain.fetchHistory(workflowId).getEvents()) {
      if (event.hasWorkflowExecutionStartedEventAttributes()) {
        stored.addAll(
            event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
      }
      if (event.hasWorkflowExecutionCompletedEventAttributes()) {
        stored.addAll(
            event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
      }
    }
    assertThat(stored).hasSize(2);
    for (Payload payload : stored) {
      assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8())
          .isEqualTo(EncryptionCodec.ENCODING);
      assertThat(payload.getData().toString(StandardCharsets.ISO_8859_1))
          .doesNotContain("Zanzibar");
    }
    List<Payload> decoded = new EncryptionCodec(keyring).decode(stored);
    assertThat(decoded.get(0).getData().toStringUtf8()).isEqualTo("\"Zanzibar-marker\"");
    assertThat(decoded.get(1).getData().toStringUtf8()).isEqualTo("\"hello Zanzibar-marker\"");
  }
}
