package dev.ferry.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Lines {@code offset+1 .. offset+limit} of a text file, as fort-nix's read-file gives them ({@code
 * tail -n +N | head -n L}, trailing newline dropped), with the file's line count ({@code wc -l}).
 * The content stops at {@code maxChars}; invalid UTF-8 becomes U+FFFD.
 */
record TextSlice(String content, long totalLines, boolean truncated) {

  static TextSlice read(Path real, long offset, long limit, long maxChars) throws IOException {
    StringBuilder content = new StringBuilder();
    long total = 0;
    boolean truncated = false;
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(FileReadAccess.open(real), decoder))) {
      int c;
      long line = 0; // index of the current line
      while ((c = r.read()) != -1) {
        boolean wanted = line >= offset && line < offset + limit;
        if (c == '\n') {
          total++;
          line++;
          if (wanted && line < offset + limit) {
            content.append('\n');
          }
          continue;
        }
        if (wanted && !truncated) {
          if (content.length() >= maxChars) {
            truncated = true;
          } else {
            content.append((char) c);
          }
        }
      }
      int end = content.length();
      while (end > 0 && content.charAt(end - 1) == '\n') {
        end--; // $(…) drops trailing newlines
      }
      content.setLength(end);
    }
    return new TextSlice(content.toString(), total, truncated);
  }
}
