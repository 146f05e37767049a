package dev.ferry.api.auth;

import com.fasterxml.jackson.annotation.JsonValue;

public enum Role {
  ADMIN,
  USER;

  @JsonValue
  public String wireName() {
    return name().toLowerCase();
  }

  public static Role parse(String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw new IllegalArgumentException("role must be 'admin' or 'user'");
  }
}
