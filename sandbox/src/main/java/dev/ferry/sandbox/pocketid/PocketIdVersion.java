package dev.ferry.sandbox.pocketid;

/**
 * The pocket-id release the stand-in behaves as. Each predicate names the pocket-id source (in
 * pocket-id/pocket-id, {@code backend/internal/…}) and the release where the behaviour starts.
 */
public record PocketIdVersion(int major, int minor, int patch) {

  /** The release fort-nix pins (the 1.x line). */
  public static final PocketIdVersion V1_16 = new PocketIdVersion(1, 16, 0);

  /** The current 2.x release. */
  public static final PocketIdVersion V2_14 = new PocketIdVersion(2, 14, 0);

  /** {@code "1.16.0"} → 1.16.0; a leading {@code v} is accepted. */
  public static PocketIdVersion parse(String text) {
    String[] parts = text.strip().replaceFirst("^v", "").split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a pocket-id version: " + text);
    }
    return new PocketIdVersion(
        Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
  }

  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  /**
   * 2.0: a client carries {@code isGroupRestricted} (dto/oidc_dto.go); an update without it clears
   * the allowed groups (service/oidc_service.go UpdateClient), and only a restricted client checks
   * groups (oidc/authorization_service.go IsUserGroupAllowedToAuthorize). Before 2.0 a client with
   * no allowed groups is open to everyone (1.16 service/oidc_service.go
   * IsUserGroupAllowedToAuthorize).
   */
  public boolean groupRestrictionFlag() {
    return major >= 2;
  }

  /** 2.3: {@code GET /api/version/current} (controller/version_controller.go). */
  public boolean servesCurrentVersion() {
    return atLeast(2, 3);
  }

  /**
   * 2.14: secrets are a list ({@code GET/POST /oidc/clients/:id/secrets}, {@code DELETE
   * …/secrets/:secretId}, at most 20, model/oidc.go MaxOidcClientSecrets), and {@code POST
   * …/secret} is gone (controller/oidc_controller.go).
   */
  public boolean multipleSecrets() {
    return atLeast(2, 14);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
