package dev.ferry.fort.workflow;

import java.util.List;

/**
 * A host as the cycle sees it: whether its agent answered and, if so, what its manifest declares.
 *
 * @param address where the host's services listen (the beacon proxies to it)
 * @param gitTokenAccess {@code ro} or {@code rw} when the manifest asks for a Forgejo token, else
 *     null
 */
public record HostDigest(
    String host,
    String address,
    boolean reachable,
    String failure,
    List<ServiceDeclaration> services,
    String gitTokenAccess) {}
