package dev.ferry.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as RFC 9457 problem+json. Input problems name the offending field in {@code
 * errors[].field}; anything unexpected is logged and answered without internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  /** One bad field: {@code field} is a JSON path such as {@code devices[2].host}. */
  public record FieldError(String field, String message) {}

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
            .toList();
    return badRequest("Invalid request body", errors);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                r ->
                    r.getResolvableErrors().stream()
                        .map(
                            e ->
                                new FieldError(
                                    r.getMethodParameter().getParameterName(),
                                    e.getDefaultMessage())))
            .toList();
    return badRequest("Invalid request parameters", errors);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable root = ex.getMostSpecificCause();
    if (root instanceof StreamReadException read && read.getProcessor() instanceof JsonParser p) {
      // refused while reading (duplicate key, number out of range, bad syntax, too deep): the
      // parser stands on the field
      String field = jsonPath(p.getParsingContext());
      String message = read.getOriginalMessage();
      return badRequest(
          "Malformed request body",
          field.isEmpty() ? List.of() : List.of(new FieldError(field, message)),
          field.isEmpty() ? message : null);
    }
    if (ex.getCause() instanceof JsonMappingException mapping) {
      String field = jsonPath(mapping);
      String message = describe(mapping);
      return badRequest(
          "Malformed request body",
          field.isEmpty() ? List.of() : List.of(new FieldError(field, message)),
          field.isEmpty() ? message : null);
    }
    return badRequest("Malformed request body: not valid JSON or empty", List.of());
  }

  private static String describe(JsonMappingException mapping) {
    return switch (mapping) {
      case UnrecognizedPropertyException u -> "unknown field";
      case StrictJson.ControlCharacterException c -> ControlCharacters.MESSAGE;
      case InvalidNullException n -> "must not be null";
      case InvalidFormatException f ->
          "expected " + typeName(f.getTargetType()) + ", got '" + f.getValue() + "'";
      case MismatchedInputException m when m.getTargetType() != null ->
          "expected " + typeName(m.getTargetType());
      default -> "has the wrong type or shape";
    };
  }

  private static String typeName(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.toString(type.getEnumConstants());
    }
    return "an object";
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
    String message =
        ex.getMostSpecificCause() instanceof StrictParameters.ControlCharacterInParameter
            ? ControlCharacters.MESSAGE
            : "invalid value '" + ex.getValue() + "'";
    return badRequest("Invalid parameter", List.of(new FieldError(ex.getName(), message)));
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<Object> invalidField(InvalidFieldException ex) {
    return badRequest("Invalid request", List.of(new FieldError(ex.field(), ex.getMessage())));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<?> unexpected(Exception ex) {
    if (DatabaseUnavailable.causedBy(ex)) {
      log.warn("Database unavailable: {}", ex.getMessage());
      return DatabaseUnavailable.response();
    }
    log.error("Unhandled error", ex);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred; it has been logged.");
    return ResponseEntity.status(500).body(problem);
  }

  private static ResponseEntity<Object> badRequest(String detail, List<FieldError> errors) {
    return badRequest(detail, errors, null);
  }

  /** {@code reason}: what was wrong when no single field is to blame (e.g. trailing content). */
  private static ResponseEntity<Object> badRequest(
      String detail, List<FieldError> errors, String reason) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, reason == null ? detail : detail + ": " + reason);
    problem.setTitle("Bad Request");
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String jsonPath(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push(
            (c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0) {
        parts.push("[" + c.getCurrentIndex() + "]");
      }
    }
    return String.join("", parts);
  }
}
