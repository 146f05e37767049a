package dev.ferry.api.foreman;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API-side Foreman settings ({@code ferry.foreman.*}).
 *
 * @param testInterval how often the schedule tests every configuration
 * @param testWait how long a test request waits for its result before answering 202
 * @param inventoryTtl how old a snapshot may be before a read refreshes it
 * @param refreshWait how long a refreshing read waits for the inventory run before answering 202
 * @param testMinInterval the least time between two on-demand connection tests of a configuration
 *     (a schedule trigger tests each one), so Ferry never trips Foreman's failed-login lockout
 */
@ConfigurationProperties("ferry.foreman")
public record ForemanApiProperties(
    @DefaultValue("15m") Duration testInterval,
    @DefaultValue("30s") Duration testWait,
    @DefaultValue("10m") Duration inventoryTtl,
    @DefaultValue("45s") Duration refreshWait,
    @DefaultValue("30s") Duration testMinInterval) {}
