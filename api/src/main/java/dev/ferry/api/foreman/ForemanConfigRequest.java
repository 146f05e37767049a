package dev.ferry.api.foreman;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Create or update a configuration. Exactly one of {@code token} (personal access token) and {@code
 * password} on create; on update both may be omitted to keep the stored credential.
 */
public record ForemanConfigRequest(
    @NotBlank @Size(max = 80) String name,
    @NotBlank @Size(max = 255) String baseUrl,
    @NotBlank @Size(max = 128) String username,
    @Size(max = 4096) String token,
    @Size(max = 4096) String password,
    Boolean verifyTls,
    @Size(max = 100_000) String caBundlePem,
    @Min(100) @Max(300_000) Integer connectTimeoutMs,
    @Min(100) @Max(600_000) Integer readTimeoutMs,
    @Size(max = 1000) String hypervisorSearch) {

  @Override
  public String toString() {
    // records print every component; this one carries a credential
    return "ForemanConfigRequest[name="
        + name
        + ", baseUrl="
        + baseUrl
        + ", username="
        + username
        + "]";
  }
}
