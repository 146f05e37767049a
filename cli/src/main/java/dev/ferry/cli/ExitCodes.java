package dev.ferry.cli;

/** The ferry command's exit codes, the same for every subcommand. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT_OR_AUTH = 2;
  public static final int TIMED_OUT = 3;

  private ExitCodes() {}
}
