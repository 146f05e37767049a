package dev.ferry.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exact bytes on a socket: for request targets an HTTP client would normalise, and for slow bodies.
 */
public final class RawHttp {
  public record Response(int status, String body) {}

  private RawHttp() {}

  public static Response send(int port, String head, byte[] body) throws IOException {
    return send(port, head, body, body.length, 0);
  }

  /**
   * Sends the head and the first {@code sendBytes} of the body, then waits up to {@code waitMillis}
   * for an answer.
   */
  public static Response send(int port, String head, byte[] body, int sendBytes, int waitMillis)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(waitMillis > 0 ? waitMillis : 10_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(body, 0, sendBytes);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      int n;
      try {
        while ((n = in.read(chunk)) > 0) {
          buf.write(chunk, 0, n);
          String text = buf.toString(StandardCharsets.UTF_8);
          int headerEnd = text.indexOf("\r\n\r\n");
          if (headerEnd > 0) {
            int len = contentLength(text.substring(0, headerEnd));
            if (len >= 0 && buf.size() >= headerEnd + 4 + len) {
              break;
            }
          }
        }
      } catch (java.net.SocketException e) {
        // connection reset after the answer: keep what arrived
      }
      String text = buf.toString(StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        return new Response(-1, "");
      }
      int headerEnd = text.indexOf("\r\n\r\n");
      return new Response(
          Integer.parseInt(text.substring(9, 12)),
          headerEnd < 0 ? "" : text.substring(headerEnd + 4));
    }
  }

  private static int contentLength(String headers) {
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }
}
