package dev.ferry.agent;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The journal filters fort-nix offers ({@code grep}, {@code since}, {@code until}), checked before
 * they reach journalctl: bounded, printable, times in journalctl's alphabet ({@code 2026-01-02
 * 03:04:05}, {@code -1h}, {@code yesterday}), and {@code grep} a valid regular expression.
 */
final class JournalFilter {
  private static final int MAX_CHARS = 256;
  private static final Pattern TIME = Pattern.compile("[A-Za-z0-9 :+.,-]+");

  private JournalFilter() {}

  /**
   * The value, or null when absent/empty; {@code field} is {@code grep}, {@code since}, {@code
   * until}.
   */
  static String check(String field, String value) throws Rejection {
    if (value == null || value.isEmpty()) {
      return null;
    }
    boolean printable = value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    boolean grep = field.equals("grep");
    if (value.length() > MAX_CHARS || !printable || (!grep && !TIME.matcher(value).matches())) {
      throw new Rejection(400, "invalid " + field);
    }
    if (grep) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new Rejection(400, "invalid grep: not a regular expression");
      }
    }
    return value;
  }
}
