package dev.ferry.forward.workflow;

public record DestroyResult(boolean networkDeleted, int devicesRemoved) {}
