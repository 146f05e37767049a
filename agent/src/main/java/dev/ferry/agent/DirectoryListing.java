package dev.ferry.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory's entries as text, in the spirit of fort-nix's {@code ls -la}: type and mode, owner,
 * group, size, modification time and name; links are shown, never followed. Capped at {@value
 * #MAX_ENTRIES} entries.
 */
final class DirectoryListing {
  private static final int MAX_ENTRIES = 1000;

  private DirectoryListing() {}

  static String of(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    int shown = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (shown++ == MAX_ENTRIES) {
          lines.add("… (more than " + MAX_ENTRIES + " entries)");
          break;
        }
        lines.add(line(p));
      }
    }
    lines.sort(null);
    return "total " + Math.min(shown, MAX_ENTRIES) + "\n" + String.join("\n", lines);
  }

  private static String line(Path p) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    char type = a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : a.isRegularFile() ? '-' : '?';
    return type
        + PosixFilePermissions.toString(a.permissions())
        + " "
        + a.owner().getName()
        + " "
        + a.group().getName()
        + " "
        + a.size()
        + " "
        + a.lastModifiedTime()
        + " "
        + p.getFileName();
  }
}
