package dev.ferry.fort.store;

import java.util.List;

/** An identity that may call agents (operators, CI, Ferry itself), with its keys and roles. */
public record FortPrincipal(
    String cluster, String name, List<String> publicKeys, List<String> roles) {}
