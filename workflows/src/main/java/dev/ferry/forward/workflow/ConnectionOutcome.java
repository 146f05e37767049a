package dev.ferry.forward.workflow;

/**
 * Typed result of a connection test; {@code forwardVersion} is set only when {@code status} is OK.
 */
public record ConnectionOutcome(ConnectionStatus status, String forwardVersion, String message) {}
