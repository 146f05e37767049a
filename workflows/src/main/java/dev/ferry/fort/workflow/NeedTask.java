package dev.ferry.fort.workflow;

/**
 * One thing to do for one service of a host.
 *
 * @param service the declaration, or null when revoking something no longer declared
 * @param serviceName the service (for git tokens: {@link NeedPlanner#GIT_SERVICE})
 * @param reason why: new, changed, expiring, rotation, removed
 */
public record NeedTask(
    String serviceName,
    Need need,
    Action action,
    String fingerprint,
    ServiceDeclaration service,
    String reason) {

  public enum Action {
    ENSURE,
    REVOKE
  }
}
