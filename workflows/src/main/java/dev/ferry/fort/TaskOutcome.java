package dev.ferry.fort;

/** @param result delivered, unchanged, revoked or failed */
public record TaskOutcome(String service, String need, String action, String result, String detail) {}
