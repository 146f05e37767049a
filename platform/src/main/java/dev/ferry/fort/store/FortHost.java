package dev.ferry.fort.store;

/**
 * A host running the agent: where to reach the agent, the address services listen on, its public
 * key.
 */
public record FortHost(
    String cluster, String name, String agentUrl, String address, String publicKey) {}
