package dev.ferry.forward;

public record NetworkRef(String id, String name) {}
