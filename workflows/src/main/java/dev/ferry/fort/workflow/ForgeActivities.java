package dev.ferry.fort.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * The forge provider: OIDC clients (pocket-id), certificates (cluster CA), Forgejo tokens. Each
 * call creates the credential and delivers it through the host's agent in one go, so no secret
 * leaves the activity.
 */
@ActivityInterface
public interface ForgeActivities {

  TaskOutcome ensureOidcClient(HostWork host, NeedTask task);

  TaskOutcome ensureCertificate(HostWork host, NeedTask task);

  TaskOutcome ensureGitToken(HostWork host, NeedTask task);

  /**
   * Renews the agent's own TLS certificate: a new key and certificate from the cluster CA for the
   * host's agent name, written into the agent's TLS files through the agent, which reloads them.
   */
  TaskOutcome ensureAgentCertificate(HostWork host, NeedTask task);

  /**
   * Deletes the remote object (OIDC client, token) and the delivered files; absent counts as done.
   */
  TaskOutcome revoke(HostWork host, NeedTask task);
}
