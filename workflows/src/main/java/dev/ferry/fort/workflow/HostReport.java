package dev.ferry.fort.workflow;

import java.util.List;

public record HostReport(String host, List<TaskOutcome> outcomes) {

  public boolean failed() {
    return outcomes.stream().anyMatch(o -> "failed".equals(o.result()));
  }
}
