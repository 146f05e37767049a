package dev.ferry.api.problem;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read strictly, so what a client sends is exactly what it meant: no scalar
 * coercion ({@code 2} is not a boolean, {@code 1.5} not an int, {@code 7} not a string), no
 * duplicate keys, no unknown fields, nothing after the document, no {@code null} inside lists, and
 * no control characters in any string ({@link ControlCharacters}). Every refusal carries the JSON
 * path that {@link ProblemHandler} names in {@code errors[].field}.
 */
@Configuration
public class StrictJson {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
    return builder ->
        builder
            .featuresToEnable(
                JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .featuresToDisable(
                MapperFeature.ALLOW_COERCION_OF_SCALARS, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .modulesToInstall(
                new SimpleModule("ferry-strict-strings")
                    .addDeserializer(String.class, new StrictStringDeserializer()))
            .postConfigurer(
                mapper -> {
                  for (CoercionInputShape scalar :
                      new CoercionInputShape[] {
                        CoercionInputShape.Integer,
                        CoercionInputShape.Float,
                        CoercionInputShape.Boolean,
                        CoercionInputShape.String,
                        CoercionInputShape.EmptyString
                      }) {
                    for (LogicalType target :
                        new LogicalType[] {
                          LogicalType.Textual,
                          LogicalType.Integer,
                          LogicalType.Float,
                          LogicalType.Boolean,
                          LogicalType.Enum,
                          LogicalType.OtherScalar
                        }) {
                      if (!sameShape(scalar, target)) {
                        mapper.coercionConfigFor(target).setCoercion(scalar, CoercionAction.Fail);
                      }
                    }
                  }
                  mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
                });
  }

  /** Input shapes that are the target's own, not a coercion. */
  private static boolean sameShape(CoercionInputShape shape, LogicalType target) {
    return switch (target) {
      case Textual -> shape == CoercionInputShape.String || shape == CoercionInputShape.EmptyString;
      case Enum, OtherScalar -> shape == CoercionInputShape.String;
      case Integer -> shape == CoercionInputShape.Integer;
      case Float -> shape == CoercionInputShape.Float || shape == CoercionInputShape.Integer;
      case Boolean -> shape == CoercionInputShape.Boolean;
      default -> false;
    };
  }

  /** Strings as Jackson reads them (coercion rules included), refused with control characters. */
  static final class StrictStringDeserializer extends StdScalarDeserializer<String> {

    StrictStringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      if (value != null && ControlCharacters.present(value)) {
        throw new ControlCharacterException(p);
      }
      return value;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }
  }

  /** A string with a control character; {@link ProblemHandler} names its field. */
  static final class ControlCharacterException extends MismatchedInputException {
    ControlCharacterException(JsonParser p) {
      super(p, ControlCharacters.MESSAGE, p.currentLocation());
    }
  }
}
