package dev.ferry.api.foreman;

import dev.ferry.foreman.store.ForemanSnapshotRepository.HostSummary;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** RFC 4180 rows; cells that a spreadsheet would run as a formula are prefixed with a quote. */
final class HostCsv {

  static final String HEADER =
      "id,name,ip,operating_system,hostgroup,environment,compute_resource,model,"
          + "organization,location,last_report,global_status\r\n";

  private HostCsv() {}

  static String row(HostSummary h) {
    return Stream.of(
            String.valueOf(h.id()),
            h.name(),
            h.ip(),
            h.operatingSystem(),
            h.hostgroup(),
            h.environment(),
            h.computeResource(),
            h.model(),
            h.organization(),
            h.location(),
            h.lastReport(),
            h.globalStatus())
        .map(HostCsv::cell)
        .collect(Collectors.joining(",", "", "\r\n"));
  }

  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
