package dev.ferry.violations;

/** Fixture for ArchitectureTest: a class in no known layer. */
public class Stray {}
