package dev.ferry.forward.activity;

import io.temporal.failure.ApplicationFailure;

/**
 * Turns Forward errors into Temporal failures: 429 retries after Forward's Retry-After; 5xx and
 * transport problems retry with the workflow's back-off; 4xx (bad credentials, validation) stop at
 * once with Forward's message.
 */
final class ForwardFailures {

  private ForwardFailures() {}

  static ApplicationFailure of(RuntimeException e) {
    if (e instanceof ForwardApiException api) {
      int status = api.status();
      if (status == 429) {
        return api.retryAfter() == null
            ? ApplicationFailure.newFailure(api.getMessage(), "ForwardRateLimited")
            : ApplicationFailure.newBuilder()
                .setMessage(api.getMessage())
                .setType("ForwardRateLimited")
                .setNextRetryDelay(api.retryAfter())
                .build();
      }
      if (status >= 500) {
        return ApplicationFailure.newFailure(api.getMessage(), "ForwardServerError");
      }
      String type =
          status == 401 || status == 403 ? "ForwardAuthenticationFailed" : "ForwardRejected";
      return ApplicationFailure.newNonRetryableFailure(api.getMessage(), type);
    }
    if (e instanceof ForwardTransportException) {
      return ApplicationFailure.newFailure(e.getMessage(), "ForwardUnavailable");
    }
    if (e instanceof ApplicationFailure failure) {
      return failure;
    }
    return ApplicationFailure.newFailure(
        String.valueOf(e.getMessage()), e.getClass().getSimpleName());
  }
}
