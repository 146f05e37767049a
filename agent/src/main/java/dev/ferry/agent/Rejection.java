package dev.ferry.agent;

/**
 * A request refused with a documented status and {@code {"error": message}}; nothing was written.
 */
final class Rejection extends Exception {
  private final int status;

  Rejection(int status, String error) {
    super(error, null, false, false); // no stack trace: rejections are ordinary control flow
    this.status = status;
  }

  int status() {
    return status;
  }

  String error() {
    return getMessage();
  }
}
