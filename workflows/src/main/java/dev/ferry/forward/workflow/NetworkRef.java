package dev.ferry.forward.workflow;

public record NetworkRef(String id, String name) {}
