package dev.ferry.fort.workflow;

/** What a declared service can need from the providers; {@link #id} is how state rows name it. */
public enum Need {
  OIDC("oidc"),
  TLS("tls"),
  GIT_TOKEN("git-token"),
  PROXY("proxy");

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
