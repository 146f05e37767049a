package dev.ferry.agent.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** RFC 4251 encodings (uint32, string, mpint) used by SSH keys and SSHSIG blobs. */
public final class SshWire {
  private SshWire() {}

  /**
   * Strict reader: every length is bounds-checked, so a hostile blob can only fail, never
   * over-read.
   */
  public static final class Reader {
    private final byte[] data;
    private int pos;

    public Reader(byte[] data) {
      this.data = data;
    }

    public int uint32() throws SshFormatException {
      need(4);
      int v =
          ((data[pos] & 0xff) << 24)
              | ((data[pos + 1] & 0xff) << 16)
              | ((data[pos + 2] & 0xff) << 8)
              | (data[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    public byte[] bytes(int n) throws SshFormatException {
      need(n);
      byte[] out = Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return out;
    }

    public byte[] string() throws SshFormatException {
      int len = uint32();
      if (len < 0) {
        throw new SshFormatException("string length out of range");
      }
      return bytes(len);
    }

    public String utf8() throws SshFormatException {
      return new String(string(), StandardCharsets.UTF_8);
    }

    public boolean hasRemaining() {
      return pos < data.length;
    }

    public int remaining() {
      return data.length - pos;
    }

    private void need(int n) throws SshFormatException {
      if (n < 0 || data.length - pos < n) {
        throw new SshFormatException("truncated data");
      }
    }
  }

  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    public Writer uint32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    public Writer string(byte[] b) {
      uint32(b.length);
      return raw(b);
    }

    public Writer string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Malformed SSH wire data. */
  public static final class SshFormatException extends Exception {
    public SshFormatException(String message) {
      super(message);
    }
  }
}
