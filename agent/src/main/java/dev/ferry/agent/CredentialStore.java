package dev.ferry.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Writes credential files atomically (temp file in the same directory, fsync, rename), mode 0600,
 * optionally chowned. Identical content is reported as unchanged so callers can skip restarts.
 */
final class CredentialStore {
  enum WriteOutcome {
    WRITTEN,
    UNCHANGED
  }

  enum DeleteOutcome {
    DELETED,
    ABSENT
  }

  private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final boolean runningAsRoot;

  CredentialStore() {
    this.runningAsRoot = isRoot();
  }

  /**
   * Validated inputs only: {@code service} and file names passed {@link Names}. When the type has a
   * check command and something changed, the check runs; if it fails, every file is put back as it
   * was (or removed when it was new) and the write is refused with 422 and the check's message.
   */
  synchronized WriteOutcome write(
      AgentConfig.CredentialType type, String service, Map<String, byte[]> files)
      throws IOException, Rejection {
    Map<String, byte[]> before = type.check().isEmpty() ? Map.of() : snapshot(type, service);
    boolean dirExisted = Files.isDirectory(serviceDir(type, service), LinkOption.NOFOLLOW_LINKS);
    WriteOutcome outcome = writeFiles(type, service, files);
    if (outcome == WriteOutcome.WRITTEN) {
      String failure = ConfigCheck.failure(type.check());
      if (!failure.isEmpty()) {
        restore(type, service, files.keySet(), before, dirExisted);
        throw new Rejection(422, "check failed, change undone: " + failure);
      }
    }
    return outcome;
  }

  /** The current content of the service's files, to undo a change its check refuses. */
  private static Map<String, byte[]> snapshot(AgentConfig.CredentialType type, String service)
      throws IOException, Rejection {
    Path dir = serviceDir(type, service);
    Map<String, byte[]> files = new java.util.HashMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && !p.getFileName().toString().startsWith(".")) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  private void restore(
      AgentConfig.CredentialType type,
      String service,
      java.util.Set<String> written,
      Map<String, byte[]> before,
      boolean dirExisted)
      throws IOException, Rejection {
    if (!dirExisted) {
      deleteFiles(type, service);
      return;
    }
    Map<String, byte[]> previous = new java.util.LinkedHashMap<>();
    for (String name : written) {
      if (before.containsKey(name)) {
        previous.put(name, before.get(name));
      } else {
        Files.deleteIfExists(serviceDir(type, service).resolve(name));
      }
    }
    writeFiles(type, service, previous);
  }

  private WriteOutcome writeFiles(
      AgentConfig.CredentialType type, String service, Map<String, byte[]> files)
      throws IOException, Rejection {
    Path dir = serviceDir(type, service);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(type.root());
      // 0700 for 0600 files; 0750 when the group must reach a 0640 file
      Files.createDirectory(
          dir,
          type.mode().equals("rw-------")
              ? DIR_MODE
              : PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
      applyOwner(dir, type.owner());
    }
    boolean changed = false;
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path target = dir.resolve(f.getKey());
      Set<PosixFilePermission> mode = PosixFilePermissions.fromString(type.mode());
      if (sameContentAndMode(target, f.getValue(), mode)) {
        continue;
      }
      // created with the final mode (never briefly wider), before any byte is written
      Path tmp =
          Files.createTempFile(
              dir,
              ".tmp-" + f.getKey() + "-",
              "",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(f.getValue());
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        applyOwner(tmp, type.owner());
        Files.setPosixFilePermissions(tmp, mode); // after chown, so the group is right first
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      changed = true;
    }
    if (changed) {
      fsyncDirectory(dir);
    }
    return changed ? WriteOutcome.WRITTEN : WriteOutcome.UNCHANGED;
  }

  /**
   * Removes the service's credential files (regular files only) and its directory when empty. With
   * a check command, a removal the check refuses is undone and refused like a write.
   */
  synchronized DeleteOutcome delete(AgentConfig.CredentialType type, String service)
      throws IOException, Rejection {
    Map<String, byte[]> before = type.check().isEmpty() ? Map.of() : snapshot(type, service);
    DeleteOutcome outcome = deleteFiles(type, service);
    if (outcome == DeleteOutcome.DELETED) {
      String failure = ConfigCheck.failure(type.check());
      if (!failure.isEmpty()) {
        writeFiles(type, service, before);
        throw new Rejection(422, "check failed, removal undone: " + failure);
      }
    }
    return outcome;
  }

  private DeleteOutcome deleteFiles(AgentConfig.CredentialType type, String service)
      throws IOException, Rejection {
    Path dir = serviceDir(type, service);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return DeleteOutcome.ABSENT;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
          Files.delete(p); // deletes a link itself, never its target
        }
      }
    }
    try {
      Files.delete(dir);
    } catch (java.nio.file.DirectoryNotEmptyException e) {
      // something we did not write (a sub-directory): leave it for a human
    }
    fsyncDirectory(dir.getParent());
    return DeleteOutcome.DELETED;
  }

  /** {@code <root>/<service>}, refusing a symlinked directory (it could point anywhere). */
  private static Path serviceDir(AgentConfig.CredentialType type, String service) throws Rejection {
    Path dir = type.root().resolve(service).normalize();
    if (!dir.getParent().equals(type.root().normalize())) {
      throw new Rejection(
          404, "invalid path"); // unreachable with validated names; defence in depth
    }
    if (Files.isSymbolicLink(dir)
        || (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
            && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
      throw new Rejection(409, "credential directory is not a plain directory");
    }
    return dir;
  }

  private static boolean sameContentAndMode(
      Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    try {
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          || Files.size(target) != content.length) {
        return false;
      }
      return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS).equals(mode)
          && Arrays.equals(Files.readAllBytes(target), content);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** {@code user} or {@code user:group}; only root can chown, so otherwise this is skipped. */
  private void applyOwner(Path p, String owner) throws IOException {
    if (owner == null || owner.isBlank() || !runningAsRoot) {
      return;
    }
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    String[] parts = owner.split(":", 2);
    PosixFileAttributeView view =
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (!parts[0].isEmpty()) {
      UserPrincipal user = lookup.lookupPrincipalByName(parts[0]);
      view.setOwner(user);
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(parts[1]);
      view.setGroup(group);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every file system allows fsync on a directory; the rename itself is still atomic
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
