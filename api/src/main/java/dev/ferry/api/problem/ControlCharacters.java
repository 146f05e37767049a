package dev.ferry.api.problem;

/**
 * The one rule for text that may be stored: no control characters except tab, line feed and
 * carriage return. PostgreSQL refuses NUL outright, and the rest only hide in logs and files.
 */
public final class ControlCharacters {

  public static final String MESSAGE =
      "must not contain control characters (other than tab and line breaks)";

  private ControlCharacters() {}

  public static boolean present(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
        return true;
      }
    }
    return false;
  }
}
