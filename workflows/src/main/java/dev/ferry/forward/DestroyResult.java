package dev.ferry.forward;

public record DestroyResult(boolean networkDeleted, int devicesRemoved) {}
