package dev.ferry.api.problem;

/**
 * A request field that passed parsing but not the domain's rules; becomes a 400 naming the field.
 */
public class InvalidFieldException extends RuntimeException {

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
