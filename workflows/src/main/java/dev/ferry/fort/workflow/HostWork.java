package dev.ferry.fort.workflow;

import java.util.List;

/** Input of one host's fulfilment run. */
public record HostWork(
    String cluster, String host, String address, String gitTokenAccess, List<NeedTask> tasks) {}
