package dev.ferry.api.problem;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Path variables and query parameters follow the same text rule as body strings ({@link
 * ControlCharacters}): Spring binds every {@code String} argument through this editor, and a
 * refusal becomes a 400 naming the parameter.
 */
@ControllerAdvice
public class StrictParameters {

  @InitBinder
  void refuseControlCharacters(WebDataBinder binder) {
    binder.registerCustomEditor(String.class, new TextEditor());
  }

  /** Thrown by the editor; {@link ProblemHandler} recognises it as the cause of a type mismatch. */
  static final class ControlCharacterInParameter extends IllegalArgumentException {
    ControlCharacterInParameter() {
      super(ControlCharacters.MESSAGE);
    }
  }

  private static final class TextEditor extends PropertyEditorSupport {
    @Override
    public void setAsText(String text) {
      if (text != null && ControlCharacters.present(text)) {
        throw new ControlCharacterInParameter();
      }
      setValue(text);
    }
  }
}
