package dev.ferry.foreman.store;

import dev.ferry.platform.db.Rows;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inventory snapshots: the hosts and hypervisors of one (configuration, search) as of one run. A
 * snapshot is written while incomplete and becomes visible when completed; older complete ones are
 * pruned.
 */
@Repository
public class ForemanSnapshotRepository {

  private static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  public ForemanSnapshotRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  public record Snapshot(
      UUID id,
      UUID configId,
      String search,
      OffsetDateTime startedAt,
      OffsetDateTime completedAt,
      int hostCount,
      int hypervisorCount,
      String foremanVersion) {}

  /** A host as Foreman returned it; {@code json} is the raw object. */
  public record HostRow(long hostId, String name, String json) {}

  /** The columns people look at; extracted from the raw object at read time. */
  public record HostSummary(
      long id,
      String name,
      String ip,
      String operatingSystem,
      String hostgroup,
      String environment,
      String computeResource,
      String model,
      String organization,
      String location,
      String lastReport,
      String globalStatus) {}

  public record Hypervisor(
      String kind,
      long foremanId,
      String name,
      String provider,
      String detail,
      Integer hostCount,
      Integer vmCount) {}

  /**
   * Starts a snapshot with the given id; starting it again (a retried activity) clears what was
   * written.
   */
  public void begin(UUID id, UUID configId, String search) {
    jdbc.sql("DELETE FROM foreman_snapshots WHERE id = ?").param(id).update();
    jdbc.sql("INSERT INTO foreman_snapshots (id, config_id, search) VALUES (?, ?, ?)")
        .params(id, configId, search)
        .update();
  }

  /**
   * One statement per page (arrays unnested server-side: far cheaper than row-by-row batches).
   * Idempotent per host: a page written twice, or a host seen on two pages, keeps one row.
   */
  public void addHosts(UUID snapshotId, List<HostRow> page) {
    if (page.isEmpty()) {
      return;
    }
    Map<Long, HostRow> unique = new LinkedHashMap<>(); // one statement must not touch a row twice
    page.forEach(host -> unique.put(host.hostId(), host));
    List<HostRow> hosts = List.copyOf(unique.values());
    template.update(
        con -> {
          PreparedStatement ps =
              con.prepareStatement(
                  """
          INSERT INTO foreman_hosts (snapshot_id, host_id, name, data)
          SELECT ?, h.id, h.name, h.data::json FROM unnest(?::bigint[], ?::text[], ?::text[]) AS h(id, name, data)
          ON CONFLICT (snapshot_id, host_id) DO UPDATE SET name = excluded.name, data = excluded.data""");
          ps.setObject(1, snapshotId);
          ps.setArray(
              2, con.createArrayOf("bigint", hosts.stream().map(HostRow::hostId).toArray()));
          ps.setArray(3, con.createArrayOf("text", hosts.stream().map(HostRow::name).toArray()));
          ps.setArray(4, con.createArrayOf("text", hosts.stream().map(HostRow::json).toArray()));
          return ps;
        });
  }

  /**
   * Replaces the snapshot's hypervisors with these, one per (kind, Foreman id): a host or compute
   * resource seen twice (pages shift while Foreman's data changes) is kept once, the last seen.
   *
   * @return how many were stored
   */
  public int replaceHypervisors(UUID snapshotId, List<Hypervisor> hypervisors) {
    Map<String, Hypervisor> unique = new LinkedHashMap<>();
    hypervisors.forEach(h -> unique.put(h.kind() + "/" + h.foremanId(), h));
    jdbc.sql("DELETE FROM foreman_hypervisors WHERE snapshot_id = ?").param(snapshotId).update();
    template.batchUpdate(
        """
            INSERT INTO foreman_hypervisors (snapshot_id, kind, foreman_id, name, provider, detail, host_count, vm_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        List.copyOf(unique.values()),
        BATCH,
        (ps, h) -> {
          ps.setObject(1, snapshotId);
          ps.setString(2, h.kind());
          ps.setLong(3, h.foremanId());
          ps.setString(4, h.name());
          ps.setString(5, h.provider());
          ps.setString(6, h.detail());
          ps.setObject(7, h.hostCount());
          ps.setObject(8, h.vmCount());
        });
    return unique.size();
  }

  public int hostCount(UUID snapshotId) {
    return jdbc.sql("SELECT count(*) FROM foreman_hosts WHERE snapshot_id = ?")
        .param(snapshotId)
        .query(Integer.class)
        .single();
  }

  /** How many hosts of the snapshot each compute resource carries, keyed by compute resource id. */
  public Map<Long, Integer> vmCountsByComputeResource(UUID snapshotId) {
    Map<Long, Integer> counts = new HashMap<>();
    jdbc.sql(
            """
            SELECT (data->>'compute_resource_id')::bigint AS cr, count(*) AS n FROM foreman_hosts
            WHERE snapshot_id = ? AND data->>'compute_resource_id' IS NOT NULL GROUP BY 1""")
        .param(snapshotId)
        .query(
            rs -> {
              counts.put(rs.getLong("cr"), rs.getInt("n"));
            });
    return counts;
  }

  /**
   * Makes the snapshot visible and removes older complete snapshots of the same (config, search).
   */
  public void complete(UUID snapshotId, String foremanVersion, int keep) {
    jdbc.sql(
            """
            UPDATE foreman_snapshots SET completed_at = now(), foreman_version = ?,
              host_count = (SELECT count(*) FROM foreman_hosts WHERE snapshot_id = ?),
              hypervisor_count = (SELECT count(*) FROM foreman_hypervisors WHERE snapshot_id = ?)
            WHERE id = ? AND completed_at IS NULL""")
        .params(foremanVersion, snapshotId, snapshotId, snapshotId)
        .update();
    jdbc.sql(
            """
            DELETE FROM foreman_snapshots s USING foreman_snapshots me
            WHERE me.id = ? AND s.config_id = me.config_id AND s.search = me.search AND s.id <> me.id
              AND (s.completed_at IS NULL AND s.started_at < now() - interval '1 day'
                   OR s.id NOT IN (SELECT id FROM foreman_snapshots WHERE config_id = me.config_id
                     AND search = me.search AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?))""")
        .params(snapshotId, keep)
        .update();
  }

  public Optional<Snapshot> find(UUID snapshotId) {
    return jdbc.sql(SNAPSHOT + " WHERE id = ?")
        .param(snapshotId)
        .query(Rows.of(Snapshot.class))
        .optional();
  }

  public Optional<Snapshot> newest(UUID configId, String search) {
    return jdbc.sql(
            SNAPSHOT
                + " WHERE config_id = ? AND search = ? AND completed_at IS NOT NULL"
                + " ORDER BY completed_at DESC LIMIT 1")
        .params(configId, search)
        .query(Rows.of(Snapshot.class))
        .optional();
  }

  public List<HostSummary> hosts(UUID snapshotId, int offset, int limit) {
    return jdbc.sql(HOSTS + " ORDER BY name, host_id OFFSET ? LIMIT ?")
        .params(snapshotId, offset, limit)
        .query(Rows.of(HostSummary.class))
        .list();
  }

  /** Streams every host of the snapshot in name order without holding them all in memory. */
  public void eachHost(UUID snapshotId, Consumer<HostSummary> consumer) {
    RowMapper<HostSummary> hosts = Rows.of(HostSummary.class);
    template.query(
        con -> {
          var ps = con.prepareStatement(HOSTS + " ORDER BY name, host_id");
          ps.setObject(1, snapshotId);
          ps.setFetchSize(1000);
          return ps;
        },
        (RowCallbackHandler) rs -> consumer.accept(hosts.mapRow(rs, rs.getRow())));
  }

  public List<Hypervisor> hypervisors(UUID snapshotId) {
    return jdbc.sql(
            """
            SELECT kind, foreman_id, name, provider, detail, host_count, vm_count FROM foreman_hypervisors
            WHERE snapshot_id = ? ORDER BY kind DESC, name""")
        .param(snapshotId)
        .query(Rows.of(Hypervisor.class))
        .list();
  }

  private static final String SNAPSHOT =
      """
      SELECT id, config_id, search, started_at, completed_at, host_count, hypervisor_count, foreman_version
      FROM foreman_snapshots""";

  private static final String HOSTS =
      """
      SELECT host_id AS id, name, data->>'ip' AS ip, data->>'operatingsystem_name' AS operating_system,
        coalesce(data->>'hostgroup_title', data->>'hostgroup_name') AS hostgroup, data->>'environment_name' AS environment,
        data->>'compute_resource_name' AS compute_resource, data->>'model_name' AS model,
        data->>'organization_name' AS organization, data->>'location_name' AS location,
        data->>'last_report' AS last_report, data->>'global_status_label' AS global_status
      FROM foreman_hosts WHERE snapshot_id = ?""";
}
