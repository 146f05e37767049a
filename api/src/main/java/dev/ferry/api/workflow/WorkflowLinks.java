package dev.ferry.api.workflow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Builds Temporal Web UI links so every API answer about a run says where to look at it. */
@Component
public class WorkflowLinks {

  private final String uiBase;
  private final String namespace;

  public WorkflowLinks(
      @Value("${ferry.temporal.ui-url:http://localhost:8233}") String uiBase,
      @Value("${spring.temporal.namespace:default}") String namespace) {
    this.uiBase = uiBase.replaceAll("/+$", "");
    this.namespace = namespace;
  }

  public String of(String workflowId, String runId) {
    String base =
        uiBase
            + "/namespaces/"
            + namespace
            + "/workflows/"
            + URLEncoder.encode(workflowId, StandardCharsets.UTF_8);
    return runId == null || runId.isBlank() ? base : base + "/" + runId;
  }
}
