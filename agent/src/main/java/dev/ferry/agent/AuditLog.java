package dev.ferry.agent;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * One JSON line per request, rejected ones included. Never bodies, responses or signatures: only
 * their metadata (the body's SHA-256, the signing key's fingerprint).
 */
final class AuditLog implements Closeable {

  /** Everything the pipeline learnt about one request. Null fields are omitted. */
  static final class Entry {
    String remote;
    String method;
    String target;
    String origin;
    boolean authenticated;
    String keyFingerprint;
    String timestamp;
    String bodySha256;
    String capability;
    String subject;
    String decision;
    int status;
    String error;

    /** For a stream: {@code start} on its first line, {@code end} on its last. */
    String stream;

    /** Why a stream ended: time cap, character cap, journal ended, client gone. */
    String streamEnd;

    long startNanos = System.nanoTime();
  }

  private final OutputStream out;
  private final boolean ownsStream;

  private AuditLog(OutputStream out, boolean ownsStream) {
    this.out = out;
    this.ownsStream = ownsStream;
  }

  static AuditLog open(String destination) throws IOException {
    if ("stderr".equals(destination)) {
      return new AuditLog(System.err, false);
    }
    Path file = Path.of(destination);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return new AuditLog(Files.newOutputStream(file, StandardOpenOption.APPEND), true);
  }

  static AuditLog to(PrintStream stream) {
    return new AuditLog(stream, false);
  }

  void write(Entry e) {
    long micros = (System.nanoTime() - e.startNanos) / 1_000;
    StringBuilder sb = new StringBuilder(384).append('{');
    field(sb, "time", Instant.now().toString());
    field(sb, "remote", e.remote);
    field(sb, "method", e.method);
    field(sb, "target", e.target);
    field(sb, "origin", e.origin);
    sb.append(",\"authenticated\":").append(e.authenticated);
    field(sb, "key", e.keyFingerprint);
    field(sb, "timestamp", e.timestamp);
    field(sb, "bodySha256", e.bodySha256);
    field(sb, "capability", e.capability);
    field(sb, "subject", e.subject);
    field(sb, "decision", e.decision);
    sb.append(",\"status\":").append(e.status);
    field(sb, "error", e.error);
    field(sb, "stream", e.stream);
    field(sb, "streamEnd", e.streamEnd);
    long frac = micros % 1000;
    sb.append(",\"latencyMs\":")
        .append(micros / 1000)
        .append('.')
        .append(frac < 100 ? (frac < 10 ? "00" : "0") : "")
        .append(frac);
    sb.append("}\n");
    byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException ex) {
        Log.event("error", "audit log write failed", ex.getMessage());
      }
    }
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value == null) {
      return;
    }
    if (sb.length() > 1) {
      sb.append(',');
    }
    sb.append('"').append(name).append("\":");
    Json.quote(sb, value);
  }

  @Override
  public void close() throws IOException {
    if (ownsStream) {
      out.close();
    }
  }
}
