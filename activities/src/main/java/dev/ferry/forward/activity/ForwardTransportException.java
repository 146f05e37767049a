package dev.ferry.forward.activity;

import java.io.IOException;

/** Forward could not be reached or did not answer in time (connection refused, TLS, timeout). */
public class ForwardTransportException extends RuntimeException {

  public ForwardTransportException(String message, IOException cause) {
    super(message, cause);
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
