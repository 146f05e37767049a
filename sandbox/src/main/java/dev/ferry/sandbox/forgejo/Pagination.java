package dev.ferry.sandbox.forgejo;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Link} header Forgejo sets on paged lists (services/context/api.go SetLinkHeader, via
 * modules/paginator): {@code next} and {@code last} while there are later pages, {@code first} and
 * {@code prev} after the first; each is absolute and keeps the request's other query parameters.
 */
final class Pagination {

  private Pagination() {}

  static String link(String url, String rawQuery, int page, int limit, int total) {
    int last = Math.max(1, (total + limit - 1) / limit);
    List<String> links = new ArrayList<>();
    if (page < last) {
      links.add(entry(url, rawQuery, page + 1, limit, "next"));
      links.add(entry(url, rawQuery, last, limit, "last"));
    }
    if (page > 1) {
      links.add(entry(url, rawQuery, 1, limit, "first"));
      links.add(entry(url, rawQuery, Math.min(page - 1, last), limit, "prev"));
    }
    return String.join(",", links);
  }

  private static String entry(String url, String rawQuery, int page, int limit, String rel) {
    StringBuilder query = new StringBuilder();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        String key = part.split("=", 2)[0];
        if (!part.isEmpty() && !key.equals("page") && !key.equals("limit")) {
          query.append(part).append('&');
        }
      }
    }
    query.append("page=").append(page).append("&limit=").append(limit);
    return "<" + url + "?" + query + ">; rel=\"" + rel + "\"";
  }
}
