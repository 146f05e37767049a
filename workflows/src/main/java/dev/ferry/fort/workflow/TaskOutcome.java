package dev.ferry.fort.workflow;

/**
 * @param result delivered, unchanged, revoked or failed
 */
public record TaskOutcome(
    String service, String need, String action, String result, String detail) {}
