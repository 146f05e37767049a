package dev.ferry.worker.fort;

import com.google.protobuf.util.Durations;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.UUID;

/**
 * A namespace of its own on the shared dev server, with Ferry's search attributes. Other Spring
 * contexts of the same test JVM run workers on the same task queue against other databases; in
 * their own namespace the Fort tests' tasks reach only this context's worker.
 */
final class FortTestNamespace {

  private FortTestNamespace() {}

  static String create(String target) {
    String namespace = "fort-test-" + UUID.randomUUID().toString().substring(0, 8);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      stubs
          .blockingStub()
          .registerNamespace(
              RegisterNamespaceRequest.newBuilder()
                  .setNamespace(namespace)
                  .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                  .build());
      AddSearchAttributesRequest.Builder attributes =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<?> key : FerrySearchAttributes.ALL) {
        attributes.putSearchAttributes(key.getName(), key.getValueType());
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        try {
          operator.blockingStub().addSearchAttributes(attributes.build());
          var listed =
              operator
                  .blockingStub()
                  .listSearchAttributes(
                      ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
          if (listed
              .getCustomAttributesMap()
              .keySet()
              .containsAll(attributes.getSearchAttributesMap().keySet())) {
            return namespace;
          }
        } catch (io.grpc.StatusRuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        Thread.sleep(
            200); // the new namespace reaches the server's caches shortly after registration
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      operator.shutdown();
      stubs.shutdown();
    }
  }
}
