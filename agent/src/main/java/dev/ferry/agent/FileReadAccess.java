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
 * must still lie under that root's canonical form, and outside every {@link SecretPaths secret
 * path} whatever the roots say; files above the size cap are refused.
 */
final class FileReadAccess {
  private final List<Path> roots;
  private final long maxBytes;
  private final SecretPaths secrets;

  FileReadAccess(List<Path> roots, long maxBytes, SecretPaths secrets) {
    this.roots = List.copyOf(roots);
    this.maxBytes = maxBytes;
    this.secrets = secrets;
  }

  byte[] read(String requested) throws Rejection, IOException {
    Path real = resolve(requested);
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new Rejection(400, "not a regular file");
    }
    if (Files.size(real) > maxBytes) {
      throw new Rejection(413, "file too large");
    }
    // NOFOLLOW_LINKS: if the last component was swapped for a link since the check, fail rather
    // than follow
    try (InputStream in = open(real)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        throw new Rejection(413, "file too large");
      }
      return data;
    }
  }

  /** Opens a path {@link #resolve} returned, refusing a link swapped in since. */
  static InputStream open(Path real) throws IOException {
    return Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The real path of an allowed file or directory: absolute, no dot segments, under a read root
   * before and after resolving symlinks, and outside every secret path.
   */
  Path resolve(String requested) throws Rejection, IOException {
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
    if (secrets.covers(real) || secrets.covers(path)) {
      throw new Rejection(403, "path not allowed: credentials are never served");
    }
    return real;
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
