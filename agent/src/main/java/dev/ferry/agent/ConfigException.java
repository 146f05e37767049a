package dev.ferry.agent;

/** Bad configuration: the agent refuses to start and prints this message. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
