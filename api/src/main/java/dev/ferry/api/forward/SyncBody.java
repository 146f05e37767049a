package dev.ferry.api.forward;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A sync request: the deployment, its devices and Linux hosts, and how to reach them: directly, a
 * jump server the user gives ({@code jumpServer}), or the SSH bastion Ferry runs in the cluster for
 * the user or workspace ({@code bastion: true}, BYOS option B). {@code collector} names the
 * collector a byos deployment uses (name or username), over the profile's preferred collector.
 * {@code noWaitCollection} ends the sync once Forward's collection is started instead of following
 * it. A device's {@code type} overrides the Forward type its kind would get.
 */
public record SyncBody(
    @NotBlank @Size(max = 63) @Pattern(regexp = SyncBody.NAME) String workspace,
    @NotBlank @Size(max = 63) @Pattern(regexp = SyncBody.NAME) String deployment,
    @NotBlank @Size(max = 64) String deploymentType,
    @Size(max = 64) String profile,
    @NotEmpty @Size(max = 20000) List<@Valid DeviceBody> devices,
    @Size(max = 5000) List<@Valid DeviceBody> linuxHosts,
    @Valid JumpServerBody jumpServer,
    @Size(max = 200) String collector,
    Boolean bastion,
    Boolean noWaitCollection) {

  static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

  public record DeviceBody(
      @NotBlank @Size(max = 80) @Pattern(regexp = "[A-Za-z0-9._-]+") String name,
      @NotBlank @Size(max = 64) String kind,
      @NotBlank @Size(max = 253) String host,
      @Min(1) @Max(65535) Integer port,
      @Size(max = 200) String username,
      @Size(max = 500) String password,
      @Size(max = 64) String type) {}

  public record JumpServerBody(
      @NotBlank @Size(max = 253) String host,
      @Min(1) @Max(65535) Integer port,
      @NotBlank @Size(max = 200) String username,
      @Size(max = 500) String password,
      @Size(max = 20000) String sshKey) {}

  boolean wantsBastion() {
    return Boolean.TRUE.equals(bastion);
  }

  List<DeviceBody> linuxHostsOrEmpty() {
    return linuxHosts == null ? List.of() : linuxHosts;
  }
}
