package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import java.util.List;

/**
 * Foreman's list paging ({@code page}, {@code per_page} or {@code per_page=all}; 20 by default) and
 * its envelope ({@code total, subtotal, page, per_page, search, sort, results}).
 */
final class Paging {
  private Paging() {}

  /**
   * @param perPage as asked: Foreman reads it with Ruby's {@code to_i}, whose integers have no
   *     upper bound, so it may exceed any page the stand-in holds
   */
  record Page(int page, long perPage, boolean all) {}

  /** A 400 that names the parameter with the invalid value. */
  static final class ParamError extends ApiError {
    final String param;

    ParamError(String param, String value, String expectation) {
      super(400, "Invalid parameter '" + param + "' value \"" + value + "\": " + expectation);
      this.param = param;
    }
  }

  static Page page(RailsParams params, int totalIfAll) {
    String pp = params.get("per_page");
    String p = params.get("page");
    long perPage = 20;
    boolean all = false;
    if (pp != null && !pp.isEmpty()) {
      if (pp.equals("all")) {
        all = true;
        perPage = Math.max(totalIfAll, 0);
      } else {
        perPage = perPage(pp);
      }
    }
    int page = p != null && !p.isEmpty() ? positive("page", p) : 1;
    return new Page(all ? 1 : page, perPage, all);
  }

  /**
   * Any positive integer, however large: Foreman declares {@code per_page} as {@code
   * /\A([1-9]\d*|all)\Z$/} (app/controllers/api/v2/base_controller.rb, Foreman 3.13) and reads it
   * with {@code to_i} (metadata_per_page there); the Ansible collection's apypie sends {@code
   * per_page=4294967296} (2 << 31) to get everything in one page. A value past what a long holds
   * still means "more than there is".
   */
  private static long perPage(String value) {
    if (!value.matches("[1-9][0-9]*")) {
      positive("per_page", value); // the stand-in's existing 400 for what is not a positive number
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
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
    // page 1 of a huge per_page is everything; past it, nothing (no overflow: page - 1 >= 1)
    if (pg.page > 1 && pg.perPage >= items.size()) {
      return List.of();
    }
    long from = (long) (pg.page - 1) * pg.perPage;
    if (from >= items.size()) {
      return List.of();
    }
    return items.subList((int) from, (int) Math.min(items.size(), from + pg.perPage));
  }
}
