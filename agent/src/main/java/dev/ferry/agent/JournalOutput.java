package dev.ferry.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fort-nix's bounded journal answer (its {@code sanitize-journal-output.py}, same fields and
 * rules): each line above {@code maxLineChars} keeps its head and tail around an omission marker,
 * and the whole output stops at {@code maxChars}.
 */
final class JournalOutput {
  private static final int HEAD_CHARS = 300;
  private static final int TAIL_CHARS = 200;
  private static final String CONTINUATION =
      "Request fewer lines, narrower since/unit/identifier filters, add grep to filter, or pass"
          + " larger max_chars/max_line_chars if you need omitted content.";

  private JournalOutput() {}

  static Map<String, Object> summarise(
      List<String> raw,
      int linesRequested,
      int lineLimit,
      int maxChars,
      int maxLineChars,
      boolean lineLimitClamped,
      boolean charLimitClamped,
      boolean maxLineCharsClamped) {
    List<String> out = new ArrayList<>();
    int chars = 0;
    int longLines = 0;
    boolean budgetReached = false;
    for (String original : raw) {
      String line = original;
      if (line.length() > maxLineChars) {
        line = shorten(line, maxLineChars);
        longLines++;
      }
      int separator = out.isEmpty() ? 0 : 1;
      int remaining = maxChars - chars - separator;
      if (remaining <= 0) {
        budgetReached = true;
        break;
      }
      if (line.length() > remaining) {
        out.add(line.substring(0, remaining) + "...[char budget " + maxChars + " reached]");
        budgetReached = true;
        break;
      }
      out.add(line);
      chars += separator + line.length();
    }
    String output = String.join("\n", out);
    boolean truncated = budgetReached || longLines > 0 || raw.size() > out.size();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("output", output);
    r.put("lines_requested", linesRequested);
    r.put("line_limit", lineLimit);
    r.put("lines_returned", out.size());
    r.put("chars_returned", output.length());
    r.put("char_limit", maxChars);
    r.put("max_line_chars", maxLineChars);
    r.put("truncated", truncated);
    r.put("line_limit_clamped", lineLimitClamped);
    r.put("char_limit_clamped", charLimitClamped);
    r.put("max_line_chars_clamped", maxLineCharsClamped);
    r.put("long_lines_truncated", longLines);
    if (truncated || lineLimitClamped || charLimitClamped || maxLineCharsClamped) {
      r.put("continuation", CONTINUATION);
    }
    return r;
  }

  private static String shorten(String line, int limit) {
    int omitted = line.length() - HEAD_CHARS - TAIL_CHARS;
    if (omitted > 0) {
      return line.substring(0, HEAD_CHARS)
          + "...[omitted "
          + omitted
          + " chars]..."
          + line.substring(line.length() - TAIL_CHARS);
    }
    return line.substring(0, limit)
        + "...[truncated: omitted "
        + (line.length() - limit)
        + " chars]";
  }
}
