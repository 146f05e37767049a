package dev.ferry.agent;

import java.util.regex.Pattern;

/** Name rules for path segments that end up in file paths or systemd arguments. */
final class Names {
  private Names() {}

  /** systemd-ish unit or service names; fort-nix uses the same character set. */
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@_][A-Za-z0-9@_.-]{0,127}");

  private static final Pattern UNIT_SUFFIX =
      Pattern.compile("\\.(service|socket|timer|target|path|mount)$");

  /** Credential file names: a single path component, no hidden files. */
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  static boolean isServiceName(String s) {
    return s != null && SERVICE.matcher(s).matches() && !s.contains("..");
  }

  static boolean isFileName(String s) {
    return s != null && FILE.matcher(s).matches() && !s.contains("..");
  }

  /**
   * {@code wiki} → {@code wiki.service}; names that already carry a unit suffix stay as they are.
   */
  static String unitName(String name) {
    return UNIT_SUFFIX.matcher(name).find() ? name : name + ".service";
  }
}
