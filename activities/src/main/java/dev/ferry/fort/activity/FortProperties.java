package dev.ferry.fort.activity;

import dev.ferry.remote.Timeouts;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Provider tuning ({@code ferry.fort.*}).
 *
 * @param manifestReadConcurrency agents read at once by one cycle
 * @param agentTimeout per agent call; a slower agent counts as unreachable for the cycle
 * @param agentConnectTimeout to open a connection to an agent
 * @param providerTimeout per pocket-id or Forgejo call
 * @param providerConnectTimeout to open a connection to pocket-id or Forgejo
 * @param tokenRenewBefore Forgejo tokens are replaced when less than this is left
 */
@ConfigurationProperties("ferry.fort")
public record FortProperties(
    Integer manifestReadConcurrency,
    Duration agentTimeout,
    Duration agentConnectTimeout,
    Duration providerTimeout,
    Duration providerConnectTimeout,
    Duration tokenRenewBefore) {

  public FortProperties {
    manifestReadConcurrency = manifestReadConcurrency == null ? 64 : manifestReadConcurrency;
    agentTimeout = agentTimeout == null ? Duration.ofSeconds(10) : agentTimeout;
    agentConnectTimeout = agentConnectTimeout == null ? Duration.ofSeconds(5) : agentConnectTimeout;
    providerTimeout = providerTimeout == null ? Duration.ofSeconds(30) : providerTimeout;
    providerConnectTimeout =
        providerConnectTimeout == null ? Duration.ofSeconds(5) : providerConnectTimeout;
    tokenRenewBefore = tokenRenewBefore == null ? Duration.ofHours(2) : tokenRenewBefore;
  }

  public Timeouts agentTimeouts() {
    return new Timeouts(agentConnectTimeout, agentTimeout, agentTimeout);
  }

  public Timeouts providerTimeouts() {
    return new Timeouts(providerConnectTimeout, providerTimeout, providerTimeout);
  }
}
