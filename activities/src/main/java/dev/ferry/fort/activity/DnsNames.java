package dev.ferry.fort.activity;

import java.util.regex.Pattern;

/**
 * The DNS name rules every name Ferry puts into a certificate, an OIDC client or an nginx server
 * block must pass: RFC 1123 labels (lower case, so one name has one spelling), at most 253
 * characters, no wildcard. Checked once when a manifest is read and again where a name is used.
 */
final class DnsNames {

  /** RFC 1123 section 2.1: letters, digits, hyphens; not starting or ending with a hyphen. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  static final int MAX_NAME = 253;

  private DnsNames() {}

  static boolean isLabel(String s) {
    return s != null && LABEL.matcher(s).matches();
  }

  /** A dot-separated name of labels, e.g. a cluster domain. */
  static boolean isName(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_NAME) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (!isLabel(label)) {
        return false;
      }
    }
    return true;
  }

  /** {@code name} is a valid name strictly below {@code domain} (never the domain itself). */
  static boolean isInside(String name, String domain) {
    return isName(name) && isName(domain) && name.endsWith("." + domain);
  }
}
