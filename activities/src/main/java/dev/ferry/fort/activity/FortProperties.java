package dev.ferry.fort.activity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Provider tuning ({@code ferry.fort.*}).
 *
 * @param manifestReadConcurrency agents read at once by one cycle
 * @param agentTimeout per agent call; a slower agent counts as unreachable for the cycle
 * @param tokenRenewBefore Forgejo tokens are replaced when less than this is left
 */
@ConfigurationProperties("ferry.fort")
public record FortProperties(
    Integer manifestReadConcurrency, Duration agentTimeout, Duration tokenRenewBefore) {

  public FortProperties {
    manifestReadConcurrency = manifestReadConcurrency == null ? 64 : manifestReadConcurrency;
    agentTimeout = agentTimeout == null ? Duration.ofSeconds(10) : agentTimeout;
    tokenRenewBefore = tokenRenewBefore == null ? Duration.ofHours(2) : tokenRenewBefore;
  }
}
