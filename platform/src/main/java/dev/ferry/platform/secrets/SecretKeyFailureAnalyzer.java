package dev.ferry.platform.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a key problem into a short start-up message instead of a wall of stack trace. */
public class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<SecretKeyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SecretKeyException cause) {
    return new FailureAnalysis(
        "Ferry cannot start without a valid secret key: " + cause.getMessage(),
        "Set FERRY_SECRET_KEYS to one or more 'id:base64-of-32-bytes' entries, newest first. "
            + "`make run` creates a development key in .ferry/secret-keys.",
        cause);
  }
}
