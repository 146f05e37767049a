package dev.ferry.api.fort;

import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortClusterProvisioning;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Request bodies of the Fort API. Secret fields are write-only: answers only say whether they are
 * set.
 */
final class FortRequests {

  private FortRequests() {}

  static final String NAME = "[a-z0-9][a-z0-9-]{0,62}";
  static final String HOST = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

  /** Lengths a stored field may have (PostgreSQL and the agents' files take them as given). */
  static final int URL = 2000;

  static final int SECRET = 4096;
  static final int PEM = 100_000;
  static final int PUBLIC_KEY = 16_384;
  static final int YEAR_SECONDS = 31_536_000;

  record PocketIdSettings(
      @NotBlank @Size(max = URL) String url, @NotBlank @Size(max = SECRET) String apiKey) {}

  record ForgejoSettings(
      @NotBlank @Size(max = URL) String url,
      @NotBlank @Size(max = 200) String user,
      @NotBlank @Size(max = SECRET) String token) {}

  /** Omit to let Ferry create the cluster's CA. */
  record CertificateAuthority(
      @NotBlank @Size(max = PEM) String certificatePem,
      @NotBlank @Size(max = PEM) String privateKeyPem) {

    /** Checked here so a bad PEM is the caller's 400, not a failure on first use. */
    CertificateAuthorities.PemCa toPemCa() {
      try {
        CertificateAuthorities.parseCertificate(certificatePem);
        CertificateAuthorities.parsePrivateKey(privateKeyPem);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("certificateAuthority", e.getMessage());
      }
      return new CertificateAuthorities.PemCa(certificatePem, privateKeyPem);
    }
  }

  record BeaconSettings(
      @NotBlank @Pattern(regexp = HOST) String host, @Min(1) @Max(65535) Integer listenPort) {}

  record CreateCluster(
      @NotBlank @Pattern(regexp = NAME, message = "lower-case letters, digits and '-'") String name,
      @NotBlank @Size(max = 253) @Pattern(regexp = "[a-z0-9.-]+", message = "a DNS domain")
          String domain,
      @Valid PocketIdSettings pocketId,
      @Valid ForgejoSettings forgejo,
      @Valid CertificateAuthority certificateAuthority,
      @Valid BeaconSettings beacon,
      @Min(5) @Max(86400) Integer intervalSeconds,
      @Min(0) @Max(YEAR_SECONDS) Integer removalGraceSeconds,
      @Min(0) @Max(YEAR_SECONDS) Integer renewBeforeSeconds,
      @Min(1) @Max(825) Integer certificateDays,
      @Min(1) @Max(8760) Integer tokenHours) {

    FortClusterProvisioning.NewCluster toNewCluster() {
      return new FortClusterProvisioning.NewCluster(
          name,
          domain,
          pocketId == null ? null : pocketId.url(),
          pocketId == null ? null : pocketId.apiKey(),
          forgejo == null ? null : forgejo.url(),
          forgejo == null ? null : forgejo.user(),
          forgejo == null ? null : forgejo.token(),
          certificateAuthority == null ? null : certificateAuthority.toPemCa(),
          beacon == null ? null : beacon.host(),
          beacon == null ? null : beacon.listenPort(),
          intervalSeconds,
          removalGraceSeconds,
          renewBeforeSeconds,
          certificateDays,
          tokenHours);
    }
  }

  record PutHost(
      @NotBlank @Size(max = URL) String agentUrl,
      @Size(max = 253) String address,
      @NotBlank
          @Size(max = PUBLIC_KEY)
          @Pattern(
              regexp = "ssh-[a-z0-9-]+ [A-Za-z0-9+/=]+( .*)?",
              message = "an OpenSSH public key line")
          String publicKey) {}

  /** A PKCS#10 request made on the host, whose key stays there. */
  record AgentCertificateRequest(@NotBlank @Size(max = PEM) String csrPem) {}

  record PutPrincipal(
      @NotEmpty @Size(max = 100)
          List<
                  @NotNull @Size(max = PUBLIC_KEY)
                  @Pattern(regexp = "ssh-[a-z0-9-]+ [A-Za-z0-9+/=]+( .*)?|age1[a-z0-9]+") String>
              publicKeys,
      @NotEmpty @Size(max = 100)
          List<@NotNull @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+") String> roles) {}
}
