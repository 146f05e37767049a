package dev.ferry.forward.workflow;

/**
 * The deployment's Forward network; {@code created} when this step made it (nothing of ours is in
 * it yet, so there is nothing to prune).
 */
public record NetworkRef(String id, String name, boolean created) {}
