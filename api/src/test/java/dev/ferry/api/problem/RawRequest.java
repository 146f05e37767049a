package dev.ferry.api.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.0 exchange with exact bytes in the request line, which HTTP clients would reject or
 * normalise (bad percent-encoding, raw overlong UTF-8, {@code ..}). HTTP/1.0 keeps the answer
 * unchunked and closes the connection, so the answer is simply everything read.
 */
record RawRequest(String method, byte[] target, Map<String, String> headers, byte[] body) {

  record Answer(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  Answer send(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write((method + " ").getBytes(StandardCharsets.US_ASCII));
      head.write(target);
      StringBuilder rest = new StringBuilder(" HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n");
      headers.forEach((k, v) -> rest.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        rest.append("Content-Length: ").append(body.length).append("\r\n");
      }
      rest.append("\r\n");
      head.write(rest.toString().getBytes(StandardCharsets.UTF_8));
      try {
        out.write(head.toByteArray());
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (SocketException e) {
        // the server answered and closed before taking everything (a line too long): read it
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        buffer.write(chunk, 0, n);
      }
    } catch (SocketException e) {
      // a reset after the answer (the server refused the rest of the body): keep what arrived
    }
    return buffer.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || end < 0) {
      return new Answer(-1, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new Answer(
        Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
  }
}
