package dev.ferry.forward.workflow;

public enum ConnectionStatus {
  OK,
  BAD_CREDENTIALS,
  UNREACHABLE,
  TLS_FAILURE,
  TIMEOUT
}
