package dev.ferry.fort.workflow;

import java.util.List;

/**
 * One exposed service of a host manifest, reduced to what the providers use.
 *
 * @param fqdn public name: (subdomain or name) + "." + the cluster domain
 * @param restartUnit unit restarted when OIDC credentials change ({@code sso.restart})
 * @param groups pocket-id user groups allowed to sign in ({@code sso.groups}), sorted
 */
public record ServiceDeclaration(
    String name,
    String fqdn,
    Integer port,
    String visibility,
    String ssoMode,
    String restartUnit,
    List<String> groups) {

  /**
   * SSO modes that front the service with an OIDC client (fort-nix: all but none, token, identity).
   */
  public boolean needsOidc() {
    return !"none".equals(ssoMode) && !"token".equals(ssoMode) && !"identity".equals(ssoMode);
  }

  public boolean publiclyExposed() {
    return "public".equals(visibility);
  }
}
