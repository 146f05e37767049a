package dev.ferry.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The Retry-After header (RFC 9110 §10.2.3): delay seconds or an HTTP date. */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * How long the remote asked us to wait, or null when it did not say (or said "now"): then the
   * retry policy's own backoff applies.
   */
  public static Duration parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    Duration delay;
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        delay = Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return null; // more digits than a long: not a delay anyone means
      }
    } else {
      try {
        delay =
            Duration.between(
                now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return delay.isNegative() || delay.isZero() ? null : delay;
  }
}
