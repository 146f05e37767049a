package dev.ferry.platform.temporal;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** Reports the Temporal frontend's gRPC health in /actuator/health. */
public class TemporalHealthIndicator extends AbstractHealthIndicator {

  private final ObjectProvider<WorkflowServiceStubs> stubs;

  public TemporalHealthIndicator(ObjectProvider<WorkflowServiceStubs> stubs) {
    super("Temporal health check failed");
    this.stubs = stubs;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    WorkflowServiceStubs service = stubs.getIfAvailable();
    if (service == null) {
      builder.unknown().withDetail("reason", "no Temporal connection configured");
      return;
    }
    HealthCheckResponse response = service.healthCheck();
    builder
        .withDetail("target", String.valueOf(service.getOptions().getTarget()))
        .withDetail("status", response.getStatus().name());
    if (response.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
