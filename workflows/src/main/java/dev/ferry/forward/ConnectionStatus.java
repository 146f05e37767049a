package dev.ferry.forward;

public enum ConnectionStatus { OK, BAD_CREDENTIALS, UNREACHABLE, TLS_FAILURE, TIMEOUT }
