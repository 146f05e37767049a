package dev.ferry.platform.db;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.jdbc.core.RowMapper;

/**
 * The one way rows become records: {@code jdbc.sql(...).query(Rows.of(FortHost.class))}. A column
 * matches a component by name, ignoring case and underscores ({@code owner_id} → {@code ownerId}).
 *
 * <p>Why not {@code query(FortHost.class)}: Spring's record mapper probes each component's name as
 * a column first and falls back to the snake_case name when the driver throws, and it asks the
 * driver for types it does not know (a {@code SecretRef}) the same way. That is one exception, with
 * its stack trace, per camelCase component per row: about ten for every profile read on the start
 * path of an API request, and thousands for a Fort cycle's host table. Here the column indexes are
 * resolved once per result set from its metadata, and nothing throws unless a column is missing.
 */
public final class Rows<R extends Record> implements RowMapper<R> {

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  private final Shape shape;
  private int[] columns;

  private Rows(Shape shape) {
    this.shape = shape;
  }

  /** A mapper for one query (it remembers that result set's column indexes). */
  public static <R extends Record> RowMapper<R> of(Class<R> type) {
    return new Rows<>(SHAPES.computeIfAbsent(type, Shape::of));
  }

  @Override
  public R mapRow(ResultSet rs, int rowNum) throws SQLException {
    if (columns == null) {
      columns = shape.columnsOf(rs.getMetaData());
    }
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = read(rs, columns[i], shape.types[i]);
    }
    try {
      @SuppressWarnings("unchecked")
      R row = (R) shape.constructor.newInstance(values);
      return row;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "row " + rowNum + " does not make a " + shape.name + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + shape.name, e);
    }
  }

  private static Object read(ResultSet rs, int column, Class<?> type) throws SQLException {
    if (type == String.class) {
      return rs.getString(column);
    }
    if (type == int.class) {
      return rs.getInt(column);
    }
    if (type == long.class) {
      return rs.getLong(column);
    }
    if (type == boolean.class) {
      return rs.getBoolean(column);
    }
    if (type == OffsetDateTime.class) {
      return rs.getObject(column, OffsetDateTime.class);
    }
    Object value = rs.getObject(column);
    if (value == null || type.isInstance(value)) {
      return value;
    }
    // A SecretRef from its UUID column (through its constructor), an Integer from a smallint, …
    return DefaultConversionService.getSharedInstance().convert(value, type);
  }

  /** A record's canonical constructor and its components, with the column name each one reads. */
  private record Shape(
      String name,
      Constructor<?> constructor,
      String[] components,
      String[] keys,
      Class<?>[] types) {

    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      String[] names = new String[components.length];
      String[] keys = new String[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        keys[i] = key(names[i]);
        types[i] = components[i].getType();
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return new Shape(type.getSimpleName(), constructor, names, keys, types);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type + " has no canonical constructor", e);
      }
    }

    int[] columnsOf(ResultSetMetaData metadata) throws SQLException {
      Map<String, Integer> byKey = new HashMap<>();
      for (int c = metadata.getColumnCount(); c >= 1; c--) {
        byKey.put(key(metadata.getColumnLabel(c)), c); // the first of equal labels wins
      }
      int[] columns = new int[keys.length];
      for (int i = 0; i < keys.length; i++) {
        Integer column = byKey.get(keys[i]);
        if (column == null) {
          throw new IllegalStateException(
              "the query for " + name + " has no column for " + components[i]);
        }
        columns[i] = column;
      }
      return columns;
    }

    private static String key(String name) {
      return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
  }
}
