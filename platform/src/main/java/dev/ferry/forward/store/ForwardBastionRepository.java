package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bastions and the deployments that use them. The private key is only referenced; {@link
 * ForwardBastionService} seals it.
 */
@Repository
public class ForwardBastionRepository {

  private static final String COLUMNS =
      "b.id, b.tenant, b.name, b.private_key_secret_id, b.public_key, b.key_rotated_at, b.host,"
          + " b.port";

  /** A deployment that uses a bastion, with what it takes to start its sync. */
  public record User(UUID deploymentId, String owner, String workspace, String name, String type) {}

  private final JdbcClient jdbc;

  public ForwardBastionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Marks a deployment as wanting the Ferry bastion; its next sync assigns one. */
  public void request(UUID deploymentId) {
    jdbc.sql(
            "INSERT INTO forward_bastion_deployments (deployment_id) VALUES (?) ON CONFLICT DO NOTHING")
        .param(deploymentId)
        .update();
  }

  public boolean requested(UUID deploymentId) {
    return jdbc.sql("SELECT count(*) FROM forward_bastion_deployments WHERE deployment_id = ?")
            .param(deploymentId)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** The deployment no longer uses a bastion. */
  public void withdraw(UUID deploymentId) {
    jdbc.sql("DELETE FROM forward_bastion_deployments WHERE deployment_id = ?")
        .param(deploymentId)
        .update();
  }

  public void link(UUID deploymentId, UUID bastionId) {
    jdbc.sql("UPDATE forward_bastion_deployments SET bastion_id = ? WHERE deployment_id = ?")
        .params(bastionId, deploymentId)
        .update();
  }

  public Optional<ForwardBastion> forDeployment(UUID deploymentId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM forward_bastions b JOIN forward_bastion_deployments d"
                + " ON d.bastion_id = b.id WHERE d.deployment_id = ?")
        .param(deploymentId)
        .query(ForwardBastionRepository::bastion)
        .optional();
  }

  public Optional<ForwardBastion> forTenant(String tenant) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM forward_bastions b WHERE b.tenant = ?")
        .param(tenant)
        .query(ForwardBastionRepository::bastion)
        .optional();
  }

  public Optional<ForwardBastion> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM forward_bastions b WHERE b.id = ?")
        .param(id)
        .query(ForwardBastionRepository::bastion)
        .optional();
  }

  /** The deployments linked to a bastion. */
  public List<User> users(UUID bastionId) {
    return jdbc.sql(
            """
        SELECT f.id, u.name, f.workspace, f.name, f.deployment_type
        FROM forward_bastion_deployments d
        JOIN forward_deployments f ON f.id = d.deployment_id
        JOIN users u ON u.id = f.owner_id
        WHERE d.bastion_id = ? ORDER BY f.workspace, f.name""")
        .param(bastionId)
        .query(
            (rs, i) ->
                new User(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)))
        .list();
  }

  void insert(UUID id, String tenant, String name, SecretRef privateKey, String publicKey) {
    jdbc.sql(
            """
        INSERT INTO forward_bastions (id, tenant, name, private_key_secret_id, public_key)
        VALUES (?, ?, ?, ?, ?)""")
        .params(id, tenant, name, privateKey.id(), publicKey)
        .update();
  }

  void rotated(UUID id, String publicKey) {
    jdbc.sql("UPDATE forward_bastions SET public_key = ?, key_rotated_at = now() WHERE id = ?")
        .params(publicKey, id)
        .update();
  }

  public void recordAddress(UUID id, String host, int port) {
    jdbc.sql("UPDATE forward_bastions SET host = ?, port = ? WHERE id = ?")
        .params(host, port, id)
        .update();
  }

  void delete(UUID id) {
    jdbc.sql("DELETE FROM forward_bastions WHERE id = ?").param(id).update();
  }

  private static ForwardBastion bastion(ResultSet rs, int row) throws SQLException {
    return new ForwardBastion(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        new SecretRef(rs.getObject(4, UUID.class)),
        rs.getString(5),
        rs.getObject(6, java.time.OffsetDateTime.class),
        rs.getString(7),
        (Integer) rs.getObject(8));
  }
}
