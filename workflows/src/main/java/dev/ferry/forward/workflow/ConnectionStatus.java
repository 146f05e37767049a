package dev.ferry.forward.workflow;

public enum ConnectionStatus {
  OK,
  BAD_CREDENTIALS,
  /** The credentials work, but the account may not manage collectors or networks. */
  INSUFFICIENT_PERMISSION,
  UNREACHABLE,
  TLS_FAILURE,
  TIMEOUT
}
