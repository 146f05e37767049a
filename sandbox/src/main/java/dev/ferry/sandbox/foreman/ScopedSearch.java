package dev.ferry.sandbox.foreman;

import dev.ferry.sandbox.core.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small subset of scoped_search (foreman-api.md §5): operators {@code = != <> ~ !~ > < >= <= ^
 * !^}, {@code and & && or | || not !}, parentheses, {@code set?/has/null? field}, quoted values,
 * and bare words (free text, matched against the default field). Unknown fields are rejected with
 * Foreman's 400.
 */
final class ScopedSearch {

  /** Resolves search fields of one kind of record. Values are String, Long, Boolean or null. */
  interface Fields<T> {
    boolean knows(String field);

    Object value(T record, String field);

    /** Field used for bare words. */
    String defaultField();

    /** The fields {@code knows} admits, read by {@code value}; bare words match {@code name}. */
    static <T> Fields<T> of(Predicate<String> knows, BiFunction<T, String, Object> value) {
      return new Fields<>() {
        @Override
        public boolean knows(String field) {
          return knows.test(field);
        }

        @Override
        public Object value(T record, String field) {
          return value.apply(record, field);
        }

        @Override
        public String defaultField() {
          return "name";
        }
      };
    }
  }

  static final class QueryError extends ApiError {
    QueryError(String message) {
      super(400, message);
    }
  }

  private record Token(String text, boolean quoted, boolean op) {}

  private static final List<String> OPS =
      List.of("!=", "<>", "!~", ">=", "<=", "!^", "=", "~", ">", "<", "^");

  private final List<Token> tokens;
  private int pos;

  private ScopedSearch(String query) {
    this.tokens = tokenize(query);
  }

  static <T> Predicate<T> parse(String query, Fields<T> fields) {
    if (query == null || query.isBlank()) {
      return t -> true;
    }
    ScopedSearch p = new ScopedSearch(query);
    Predicate<T> pred = p.expr(fields);
    if (p.pos < p.tokens.size()) {
      throw new QueryError("Unexpected token '" + p.tokens.get(p.pos).text + "' in search query");
    }
    return pred;
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '"' || c == '\'') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw new QueryError("Unterminated quoted value in search query");
        }
        out.add(new Token(s.substring(i + 1, end), true, false));
        i = end + 1;
        continue;
      }
      if (c == '(' || c == ')' || c == ',') {
        out.add(new Token(String.valueOf(c), false, true));
        i++;
        continue;
      }
      if (s.startsWith("&&", i) || s.startsWith("||", i)) {
        out.add(new Token(s.substring(i, i + 2), false, true));
        i += 2;
        continue;
      }
      if (c == '&' || c == '|') {
        out.add(new Token(String.valueOf(c), false, true));
        i++;
        continue;
      }
      String op = null;
      for (String o : OPS) {
        if (s.startsWith(o, i)) {
          op = o;
          break;
        }
      }
      if (op != null) {
        out.add(new Token(op, false, true));
        i += op.length();
        continue;
      }
      if (c == '!') {
        out.add(new Token("!", false, true));
        i++;
        continue;
      }
      int start = i;
      while (i < s.length()
          && !Character.isWhitespace(s.charAt(i))
          && "()=!<>~^&|\",".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      out.add(new Token(s.substring(start, i), false, false));
    }
    return out;
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean isWord(Token t, String word) {
    return t != null && !t.quoted && !t.op && t.text.equalsIgnoreCase(word);
  }

  private boolean isOp(Token t, String op) {
    return t != null && t.op && t.text.equals(op);
  }

  private <T> Predicate<T> expr(Fields<T> f) {
    Predicate<T> left = and(f);
    while (true) {
      Token t = peek();
      if (isWord(t, "or") || isOp(t, "|") || isOp(t, "||")) {
        pos++;
        left = left.or(and(f));
      } else {
        return left;
      }
    }
  }

  private <T> Predicate<T> and(Fields<T> f) {
    Predicate<T> left = unary(f);
    while (true) {
      Token t = peek();
      if (isWord(t, "and") || isOp(t, "&") || isOp(t, "&&")) {
        pos++;
        left = left.and(unary(f));
      } else if (t != null && (isOp(t, "(") || isOp(t, "!") || (!t.op && !isWord(t, "or")))) {
        left = left.and(unary(f)); // implicit and
      } else {
        return left;
      }
    }
  }

  private <T> Predicate<T> unary(Fields<T> f) {
    Token t = peek();
    if (t == null) {
      throw new QueryError("Unexpected end of search query");
    }
    if (isWord(t, "not") || isOp(t, "!")) {
      pos++;
      return unary(f).negate();
    }
    if (isOp(t, "(")) {
      pos++;
      Predicate<T> inner = expr(f);
      if (!isOp(peek(), ")")) {
        throw new QueryError("Missing ')' in search query");
      }
      pos++;
      return inner;
    }
    if (t.op) {
      throw new QueryError("Unexpected token '" + t.text + "' in search query");
    }
    pos++;
    if (!t.quoted
        && (t.text.equalsIgnoreCase("set?")
            || t.text.equalsIgnoreCase("has")
            || t.text.equalsIgnoreCase("null?"))) {
      Token field = peek();
      if (field == null || field.op) {
        throw new QueryError("Missing field after '" + t.text + "'");
      }
      pos++;
      String name = checkField(field.text, f);
      boolean wantSet = !t.text.equalsIgnoreCase("null?");
      return r -> (f.value(r, name) != null) == wantSet;
    }
    Token op = peek();
    if (op != null && op.op && OPS.contains(op.text)) {
      pos++;
      String field = checkField(t.text, f);
      List<String> values = new ArrayList<>();
      if ((op.text.equals("^") || op.text.equals("!^")) && isOp(peek(), "(")) {
        pos++;
        while (!isOp(peek(), ")")) {
          Token v = peek();
          if (v == null) {
            throw new QueryError("Missing ')' in search query");
          }
          pos++;
          if (!isOp(v, ",")) {
            values.add(v.text);
          }
        }
        pos++;
      } else {
        Token v = peek();
        if (v == null || (v.op && !v.quoted)) {
          throw new QueryError("Missing value for field '" + t.text + "'");
        }
        pos++;
        values.add(v.text);
      }
      return comparison(f, field, op.text, values);
    }
    // bare word: free-text search on the default field
    String word = t.text;
    String def = f.defaultField();
    return r -> {
      Object v = f.value(r, def);
      return v != null
          && v.toString().toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    };
  }

  private static <T> String checkField(String field, Fields<T> f) {
    if (!f.knows(field)) {
      throw new QueryError("Field '" + field + "' not recognized for searching!");
    }
    return field;
  }

  private static <T> Predicate<T> comparison(
      Fields<T> f, String field, String op, List<String> values) {
    String lit = values.get(0);
    return switch (op) {
      case "=" -> r -> eq(f.value(r, field), lit);
      case "!=", "<>" -> r -> !eq(f.value(r, field), lit);
      case "~" -> like(f, field, lit);
      case "!~" -> like(f, field, lit).negate();
      case "^" -> r -> values.stream().anyMatch(v -> eq(f.value(r, field), v));
      case "!^" -> r -> values.stream().noneMatch(v -> eq(f.value(r, field), v));
      default -> r -> order(f.value(r, field), lit, op);
    };
  }

  private static boolean eq(Object v, String lit) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      Boolean l = bool(lit);
      return l != null && l.equals(b);
    }
    if (v instanceof Long n) {
      try {
        return n == Long.parseLong(lit);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return v.toString().equals(lit);
  }

  static Boolean bool(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "t", "1", "yes", "y" -> Boolean.TRUE;
      case "false", "f", "0", "no", "n" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static <T> Predicate<T> like(Fields<T> f, String field, String lit) {
    String lower = lit.toLowerCase(Locale.ROOT);
    Pattern p;
    if (lower.contains("*") || lower.contains("%")) {
      StringBuilder re = new StringBuilder();
      for (char c : lower.toCharArray()) {
        re.append(c == '*' || c == '%' ? ".*" : Pattern.quote(String.valueOf(c)));
      }
      p = Pattern.compile(re.toString(), Pattern.DOTALL);
    } else {
      p = null;
    }
    return r -> {
      Object v = f.value(r, field);
      if (v == null) {
        return false;
      }
      String s = v.toString().toLowerCase(Locale.ROOT);
      return p == null ? s.contains(lower) : p.matcher(s).matches();
    };
  }

  private static boolean order(Object v, String lit, String op) {
    if (v == null) {
      return false;
    }
    int cmp;
    if (v instanceof Long n) {
      try {
        cmp = Long.compare(n, Long.parseLong(lit));
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      cmp = v.toString().compareTo(lit);
    }
    return switch (op) {
      case ">" -> cmp > 0;
      case "<" -> cmp < 0;
      case ">=" -> cmp >= 0;
      default -> cmp <= 0;
    };
  }
}
