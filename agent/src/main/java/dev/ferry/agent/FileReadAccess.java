package dev.ferry.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /file?path=}: allow-listed roots only. The path must be absolute and free of {@code
 * .}/{@code ..} segments, lie under a root lexically, and its canonical (symlink-resolved) form
 * must still lie under that root's canonical form; files above the size cap are refused.
 */
final class FileReadAccess {
  private final List<Path> roots;
  private final long maxBytes;

  FileReadAccess(List<Path> roots, long maxBytes) {
    this.roots = List.copyOf(roots);
    this.maxBytes = maxBytes;
  }

  byte[] read(String requested) throws Rejection, IOException {
    if (requested == null || requested.isEmpty()) {
      throw new Rejection(400, "missing path");
    }
    Path path;
    try {
      path = Path.of(requested);
    } catch (InvalidPathException e) {
      throw new Rejection(400, "invalid path");
    }
    if (!path.isAbsolute() || hasDotSegment(path)) {
      throw new Rejection(403, "path not allowed");
    }
    Path root = lexicalRoot(path);
    if (root == null) {
      throw new Rejection(403, "path not allowed");
    }
    Path real;
    Path realRoot;
    try {
      realRoot = root.toRealPath();
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new Rejection(404, "file not found");
    }
    if (!real.startsWith(realRoot)) {
      throw new Rejection(403, "path not allowed"); // a symlink leads out of the root
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new Rejection(400, "not a regular file");
    }
    if (Files.size(real) > maxBytes) {
      throw new Rejection(413, "file too large");
    }
    // NOFOLLOW_LINKS: if the last component was swapped for a link since the check, fail rather
    // than follow
    try (InputStream in =
        Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        throw new Rejection(413, "file too large");
      }
      return data;
    }
  }

  private Path lexicalRoot(Path path) {
    for (Path root : roots) {
      if (path.startsWith(root)) {
        return root;
      }
    }
    return null;
  }

  private static boolean hasDotSegment(Path path) {
    List<String> names = new ArrayList<>();
    path.forEach(p -> names.add(p.toString()));
    return names.contains("..") || names.contains(".");
  }
}
