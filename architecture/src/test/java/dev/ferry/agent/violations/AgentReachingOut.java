package dev.ferry.agent.violations;

import dev.ferry.forward.activity.violations.CallsRemote;

/** Fixture for ArchitectureTest: the agent depending on another Ferry module. */
public class AgentReachingOut {
  public void handle() {
    new CallsRemote().call();
  }
}
