package dev.ferry.workflow;

/** Task queues Ferry's workers poll. One queue is enough until a flow needs its own scaling. */
public final class FerryTaskQueues {
  public static final String MAIN = "ferry";

  private FerryTaskQueues() {}
}
