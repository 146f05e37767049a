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
import java.util.TreeSet;

/**
 * Request bodies of the Fort API. Secret fields are write-only: answers only say whether they are
 * set.
 */
final class FortRequests {

  private FortRequests() {}

  static final String NAME = "[a-z0-9][a-z0-9-]{0,62}";
  static final String HOST = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

  /**
   * Where a host's services listen: an IPv4 address, a DNS name or a bracketed IPv6 address (blank:
   * the agent URL's host), nothing an nginx directive could read as syntax (it becomes the beacon's
   * {@code proxy_pass} target).
   */
  static final String ADDRESS =
      "|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
          + "|\\[[0-9A-Fa-f:.]{2,45}\\]";

  /** Lengths a stored field may have (PostgreSQL and the agents' files take them as given). */
  static final int URL = 2000;

  static final int SECRET = 4096;
  static final int PEM = 100_000;
  static final int PUBLIC_KEY = 16_384;
  static final int YEAR_SECONDS = 31_536_000;

  record PocketIdSettings(
      @NotBlank @Size(max = URL) String url, @NotBlank @Size(max = SECRET) String apiKey) {}

  /** Forgejo creates tokens only for the user's password (Basic auth), never for a token. */
  record ForgejoSettings(
      @NotBlank @Size(max = URL) String url,
      @NotBlank @Size(max = 200) String user,
      @NotBlank @Size(max = SECRET) String password) {}

  /** A part of the provider settings to change; what is left out stays as it is. */
  record PocketIdUpdate(
      @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = URL) String url,
      @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = SECRET)
          String apiKey) {}

  record ForgejoUpdate(
      @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = URL) String url,
      @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String user,
      @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = SECRET)
          String password) {}

  /**
   * {@code PATCH /{cluster}/providers}: new URLs, API key, Forgejo credentials and the hosts that
   * may receive read-write Forgejo tokens; secrets are sealed as at registration.
   */
  record UpdateProviders(
      @Valid PocketIdUpdate pocketId,
      @Valid ForgejoUpdate forgejo,
      @Size(max = 10_000) List<@NotNull @Pattern(regexp = HOST) String> gitWriteHosts) {

    FortClusterProvisioning.ProviderSettings toSettings() {
      return new FortClusterProvisioning.ProviderSettings(
          pocketId == null ? null : pocketId.url(),
          pocketId == null ? null : pocketId.apiKey(),
          forgejo == null ? null : forgejo.url(),
          forgejo == null ? null : forgejo.user(),
          forgejo == null ? null : forgejo.password(),
          gitWriteHosts == null ? null : List.copyOf(new TreeSet<>(gitWriteHosts)));
    }
  }

  /** Omit to let Ferry create the cluster's CA. */
  record CertificateAuthority(
      @NotBlank @Size(max = PEM) String certificatePem,
      @NotBlank @Size(max = PEM) String privateKeyPem) {

    /**
     * Checked here so a bad PEM, or a CA that cannot be name-constrained to the domain, is the
     * caller's 400, not a failure on first use.
     */
    CertificateAuthorities.PemCa toPemCa(String domain) {
      try {
        CertificateAuthorities.parseCertificate(certificatePem);
        CertificateAuthorities.parsePrivateKey(privateKeyPem);
        return CertificateAuthorities.constrainedTo(
            new CertificateAuthorities.PemCa(certificatePem, privateKeyPem), domain);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("certificateAuthority", e.getMessage());
      }
    }
  }

  /**
   * @param listenPort plain HTTP (redirects to HTTPS), default 80
   * @param tlsPort HTTPS, default 443
   * @param proxyRoot the beacon agent's {@code proxy} credential root, an absolute path
   */
  record BeaconSettings(
      @NotBlank @Pattern(regexp = HOST) String host,
      @Min(1) @Max(65535) Integer listenPort,
      @Min(1) @Max(65535) Integer tlsPort,
      @Size(max = 1000)
          @Pattern(
              regexp = "(/[A-Za-z0-9_.-]+)+",
              message = "an absolute path of letters, digits, '_', '.' and '-'")
          String proxyRoot) {}

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
          forgejo == null ? null : forgejo.password(),
          certificateAuthority == null ? null : certificateAuthority.toPemCa(domain),
          beacon == null ? null : beacon.host(),
          beacon == null ? null : beacon.listenPort(),
          beacon == null ? null : beacon.tlsPort(),
          beacon == null ? null : beacon.proxyRoot(),
          intervalSeconds,
          removalGraceSeconds,
          renewBeforeSeconds,
          certificateDays,
          tokenHours);
    }
  }

  record PutHost(
      @NotBlank @Size(max = URL) String agentUrl,
      @Size(max = 253)
          @Pattern(
              regexp = ADDRESS,
              message = "an IP address or a host name (the beacon proxies to it)")
          String address,
      @NotBlank
          @Size(max = PUBLIC_KEY)
          @Pattern(
              regexp = "ssh-[a-z0-9-]+ [A-Za-z0-9+/=]+( .*)?",
              message = "an OpenSSH public key line")
          String publicKey) {}

  /** Moving a service: the host that takes it over (it must declare the same service name). */
  record Transfer(@NotBlank @Pattern(regexp = HOST) String toHost) {}

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
