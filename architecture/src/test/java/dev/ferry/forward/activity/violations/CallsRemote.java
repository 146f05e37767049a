package dev.ferry.forward.activity.violations;

import dev.ferry.fort.activity.violations.CallsBack;

/**
 * Fixture for ArchitectureTest: an HTTP client built outside the remote stack, and one half of a
 * cycle between two features.
 */
public class CallsRemote {
  public void call() {
    new okhttp3.OkHttpClient();
    new CallsBack().back();
  }
}
