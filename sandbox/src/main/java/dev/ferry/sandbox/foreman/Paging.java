package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import java.util.List;

/**
 * Foreman's list paging ({@code page}, {@code per_page} or {@code per_page=all}; 20 by default) and
 * its envelope ({@code total, subtotal, page, per_page, search, sort, results}).
 */
final class Paging {
  private Paging() {}

  record Page(int page, int perPage, boolean all) {}

  /** A 400 that names the parameter with the invalid value. */
  static final class ParamError extends ApiError {
    final String param;

    ParamError(String param, String value, String expectation) {
      super(400, "Invalid parameter '" + param + "' value \"" + value + "\": " + expectation);
      this.param = param;
    }
  }

  static Page page(Request req, int totalIfAll) {
    String pp = req.query("per_page");
    String p = req.query("page");
    int perPage = 20;
    boolean all = false;
    if (pp != null && !pp.isEmpty()) {
      if (pp.equals("all")) {
        all = true;
        perPage = Math.max(totalIfAll, 0);
      } else {
        perPage = positive("per_page", pp);
      }
    }
    int page = p != null && !p.isEmpty() ? positive("page", p) : 1;
    return new Page(all ? 1 : page, perPage, all);
  }

  private static int positive(String param, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ParamError(param, value, "Must be a number.");
    }
    if (n <= 0) {
      throw new ParamError(param, value, "Must be a positive number.");
    }
    return n;
  }

  static ObjectNode envelope(
      long total, long subtotal, Page pg, String search, String sortBy, String sortOrder) {
    ObjectNode o = Json.object();
    o.put("total", total);
    o.put("subtotal", subtotal);
    o.put("page", pg.page);
    o.put("per_page", pg.all ? total : pg.perPage);
    if (search == null) {
      o.putNull("search");
    } else {
      o.put("search", search);
    }
    ObjectNode sort = o.putObject("sort");
    if (sortBy == null) {
      sort.putNull("by");
      sort.putNull("order");
    } else {
      sort.put("by", sortBy);
      sort.put("order", sortOrder);
    }
    return o;
  }

  static <T> List<T> slice(List<T> items, Page pg) {
    if (pg.all) {
      return items;
    }
    long from = (long) (pg.page - 1) * pg.perPage;
    if (from >= items.size()) {
      return List.of();
    }
    return items.subList((int) from, (int) Math.min(items.size(), from + pg.perPage));
  }
}
