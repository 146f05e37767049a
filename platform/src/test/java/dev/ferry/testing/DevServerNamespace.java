package dev.ferry.testing;

import com.google.protobuf.util.Durations;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The namespace-per-suite rule for the shared {@link TemporalDevServer}: every suite that runs
 * workers, or starts workflows, on the dev server registers one of these and uses its namespace.
 * Several Spring contexts of one test JVM poll the same {@code ferry} task queue against different
 * databases; in a namespace of its own, a suite's tasks reach only its own workers.
 *
 * <pre>{@code
 * @RegisterExtension static final DevServerNamespace TEMPORAL =
 *     new DevServerNamespace(FerrySearchAttributes.ALL);
 *
 * @DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) {
 *   registry.add("spring.temporal.connection.target", TEMPORAL::target);
 *   registry.add("spring.temporal.namespace", TEMPORAL::name);
 * }
 * }</pre>
 *
 * The namespace is registered once, on first use: property suppliers may run before the extension's
 * callback, and may run more than once.
 */
public final class DevServerNamespace implements BeforeAllCallback {

  private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(30);

  private final List<SearchAttributeKey<?>> searchAttributes;
  private String name;

  /** A namespace with these search attributes, on a dev server started with them. */
  public DevServerNamespace(List<SearchAttributeKey<?>> searchAttributes) {
    this.searchAttributes = List.copyOf(searchAttributes);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    name();
  }

  /** The shared dev server's gRPC target. */
  public String target() {
    return TemporalDevServer.shared(searchAttributes).target();
  }

  /** This suite's namespace, registered with its search attributes on first call. */
  public synchronized String name() {
    if (name == null) {
      name = register("suite-" + UUID.randomUUID().toString().substring(0, 8));
    }
    return name;
  }

  private String register(String namespace) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
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
      for (SearchAttributeKey<?> key : searchAttributes) {
        attributes.putSearchAttributes(key.getName(), key.getValueType());
      }
      awaitSearchAttributes(operator, attributes.build());
      return namespace;
    } finally {
      operator.shutdown();
      stubs.shutdown();
    }
  }

  // A new namespace reaches the server's caches shortly after registration: retry until the
  // attributes are listed, or workflows that upsert them fail.
  private static void awaitSearchAttributes(
      OperatorServiceStubs operator, AddSearchAttributesRequest attributes) {
    long deadline = System.nanoTime() + REGISTRATION_WAIT.toNanos();
    StatusRuntimeException lastFailure = null;
    boolean added = attributes.getSearchAttributesMap().isEmpty();
    while (System.nanoTime() < deadline) {
      try {
        if (!added) {
          operator.blockingStub().addSearchAttributes(attributes);
          added = true;
        }
        var listed =
            operator
                .blockingStub()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder()
                        .setNamespace(attributes.getNamespace())
                        .build());
        if (listed
            .getCustomAttributesMap()
            .keySet()
            .containsAll(attributes.getSearchAttributesMap().keySet())) {
          return;
        }
      } catch (StatusRuntimeException e) {
        lastFailure = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "namespace " + attributes.getNamespace() + " never listed its search attributes",
        lastFailure);
  }
}
