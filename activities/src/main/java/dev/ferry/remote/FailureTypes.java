package dev.ferry.remote;

/**
 * The Temporal failure type a target reports for each kind of failure. The names are the product's
 * (workflows, tests and operators match on them); whether a failure is retried never depends on
 * them, only on {@link FailureKind#retryable()}.
 */
@FunctionalInterface
public interface FailureTypes {

  String of(FailureKind kind);

  /** {@code prefix} followed by the kind's name, e.g. {@code ForemanBAD_CREDENTIALS}. */
  static FailureTypes prefixed(String prefix) {
    return kind -> prefix + kind.name();
  }

  /** One name for what will be retried, one for what will not. */
  static FailureTypes split(String retryable, String rejected) {
    return kind -> kind.retryable() ? retryable : rejected;
  }
}
