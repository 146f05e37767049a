package dev.ferry.foreman.activity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker-side Foreman settings ({@code ferry.foreman.*}).
 *
 * @param perPage hosts per page; a client choice, Foreman has no maximum
 * @param parallelPages pages fetched at once after the first one
 * @param testResultsKept connection test results kept per configuration
 * @param snapshotsKept complete inventory snapshots kept per configuration and search
 */
@ConfigurationProperties("ferry.foreman")
public record ForemanProperties(
    @DefaultValue("1000") int perPage,
    @DefaultValue("8") int parallelPages,
    @DefaultValue("20") int testResultsKept,
    @DefaultValue("2") int snapshotsKept) {}
