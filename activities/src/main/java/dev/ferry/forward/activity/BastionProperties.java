package dev.ferry.forward.activity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ferry.forward.bastion.*}: the SSH bastion Ferry runs for BYOS option B.
 *
 * @param scope {@code user} (one bastion per user) or {@code workspace} (one per workspace)
 * @param image an image with OpenSSH's sshd and ssh-keygen and a busybox {@code adduser} (Alpine)
 * @param serviceType {@code NodePort} or {@code LoadBalancer}
 * @param nodeAddress where Forward reaches a NodePort service (a node's address or name)
 * @param deploymentNamespace the namespace of a tenant's deployment, from {@code {workspace}} and
 *     {@code {deployment}}: the bastion may reach these namespaces and its deployments' device
 *     addresses, nothing else
 */
@ConfigurationProperties("ferry.forward.bastion")
public record BastionProperties(
    @DefaultValue("user") String scope,
    @DefaultValue("lscr.io/linuxserver/openssh-server:9.7_p1-r4-ls175") String image,
    @DefaultValue("NodePort") String serviceType,
    String nodeAddress,
    @DefaultValue("{workspace}") String deploymentNamespace) {

  public BastionProperties {
    if (!List.of("user", "workspace").contains(scope)) {
      throw new IllegalArgumentException(
          "ferry.forward.bastion.scope must be user or workspace, not " + scope);
    }
    if (!List.of("NodePort", "LoadBalancer").contains(serviceType)) {
      throw new IllegalArgumentException(
          "ferry.forward.bastion.service-type must be NodePort or LoadBalancer, not "
              + serviceType);
    }
  }

  static BastionProperties defaults(String nodeAddress) {
    return new BastionProperties(
        "user",
        "lscr.io/linuxserver/openssh-server:9.7_p1-r4-ls175",
        "NodePort",
        nodeAddress,
        "{workspace}");
  }
}
