package dev.ferry.fort.workflow;

/**
 * What a declared service can need from the providers, and the host's own agent certificate; {@link
 * #id} is how state rows name it.
 */
public enum Need {
  OIDC("oidc"),
  TLS("tls"),
  GIT_TOKEN("git-token"),
  PROXY("proxy"),
  /** The agent's TLS certificate: bootstrapped through the API, renewed through the agent. */
  AGENT_TLS("agent-tls");

  private final String id;

  Need(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Need fromId(String id) {
    for (Need n : values()) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown need " + id);
  }
}
