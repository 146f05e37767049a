package dev.ferry.cli;

import java.util.Locale;

/** The schedule verbs, the same for Foreman's tests and Fort's cycles (and the API's paths). */
enum ScheduleAction {
  SHOW,
  PAUSE,
  RESUME,
  TRIGGER;

  /** The API path of this verb below a schedule's path, e.g. {@code /api/foreman/schedule}. */
  String path(String schedule) {
    return this == SHOW ? schedule : schedule + "/" + name().toLowerCase(Locale.ROOT);
  }
}
