package dev.ferry.api.forward;

import dev.ferry.api.forward.SyncBody.DeviceBody;
import dev.ferry.api.forward.SyncBody.JumpServerBody;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.forward.store.DefaultDeviceLogins;
import dev.ferry.forward.store.DeploymentType;
import dev.ferry.forward.store.DeviceKinds;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardDeploymentService.JumpInput;
import dev.ferry.forward.store.ForwardDeploymentService.Submission;
import dev.ferry.forward.store.ForwardDeviceTypes;
import dev.ferry.forward.store.ForwardProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The rules a sync request's inventory follows beyond bean validation: a known deployment type,
 * Forward types from the OpenAPI's enum, unique device names, kind aliases resolved, lab default
 * logins with one login per device kind, one jump server credential.
 */
final class DeploymentInventory {

  private DeploymentInventory() {}

  /** What can be checked before knowing whether a sync already runs. */
  private static void checkType(SyncBody body) {
    if (!DeploymentType.isKnown(body.deploymentType())) {
      throw new InvalidFieldException(
          "deploymentType",
          "must be one of "
              + Arrays.stream(DeploymentType.values())
                  .map(DeploymentType::id)
                  .collect(Collectors.joining(", ")));
    }
    if (body.jumpServer() != null && !"byos".equals(body.deploymentType())) {
      throw new InvalidFieldException(
          "jumpServer", "only byos deployments reach devices through a jump server");
    }
    if (body.collector() != null && !"byos".equals(body.deploymentType())) {
      throw new InvalidFieldException(
          "collector", "only byos deployments name a collector; other types get Ferry's");
    }
    if (body.wantsBastion() && !"byos".equals(body.deploymentType())) {
      throw new InvalidFieldException(
          "bastion", "only byos deployments reach devices through the Ferry bastion");
    }
    if (body.wantsBastion() && body.jumpServer() != null) {
      throw new InvalidFieldException(
          "bastion", "give either jumpServer or bastion: the bastion is the jump server");
    }
  }

  /**
   * BYOS option A (no jump server) reaches the devices only through the collector the user runs, so
   * it must be named: here or as the profile's preferred collector. Without one the collection
   * would wait for a collector for ever.
   */
  static void checkCollector(SyncBody body, ForwardProfile profile) {
    boolean named = !isBlank(body.collector()) || !isBlank(profile.preferredCollector());
    if ("byos".equals(body.deploymentType())
        && body.jumpServer() == null
        && !body.wantsBastion()
        && !named) {
      throw new InvalidFieldException(
          "collector",
          "a byos deployment without a jump server (option A) needs the collector you run: name it"
              + " here, or set preferredCollector on profile '"
              + profile.name()
              + "'");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * What can be checked before knowing whether a sync already runs: the type, and each device's
   * Forward type override against the OpenAPI's {@code ClassicDeviceType} enum.
   */
  static void check(SyncBody body) {
    checkType(body);
    checkDeviceTypes(body.devices(), "devices");
    checkDeviceTypes(body.linuxHostsOrEmpty(), "linuxHosts");
  }

  private static void checkDeviceTypes(List<DeviceBody> bodies, String field) {
    for (int i = 0; i < bodies.size(); i++) {
      String type = bodies.get(i).type();
      if (type != null && !ForwardDeviceTypes.isKnown(type)) {
        throw new InvalidFieldException(
            field + "[" + i + "].type",
            "'"
                + type
                + "' is not a Forward classic-device type (ClassicDeviceType of the Forward API)");
      }
    }
  }

  /** The inventory as the repository stores it. */
  static Submission submission(
      UUID ownerId, UUID profileId, SyncBody body, DefaultDeviceLogins logins) {
    checkNamesUnique(body);
    return new Submission(
        ownerId,
        body.workspace(),
        body.deployment(),
        body.deploymentType(),
        profileId,
        devices(body.devices(), "devices", logins),
        devices(body.linuxHostsOrEmpty(), "linuxHosts", logins),
        jump(body.jumpServer()),
        isBlank(body.collector()) ? null : body.collector());
  }

  /**
   * Fills in lab default logins and insists on one login per device kind (Forward gets one
   * credential per kind).
   */
  private static List<DeviceInput> devices(
      List<DeviceBody> bodies, String field, DefaultDeviceLogins logins) {
    Map<String, DefaultDeviceLogins.Login> loginByKind = new HashMap<>();
    List<DeviceInput> out = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      DeviceBody b = bodies.get(i);
      String kind = DeviceKinds.canonical(b.kind());
      DefaultDeviceLogins.Login fallback = logins.forKind(kind);
      DefaultDeviceLogins.Login login =
          new DefaultDeviceLogins.Login(
              b.username() == null || b.username().isBlank() ? fallback.username() : b.username(),
              b.password() == null || b.password().isEmpty() ? fallback.password() : b.password());
      DefaultDeviceLogins.Login previous = loginByKind.putIfAbsent(kind, login);
      if (previous != null && !previous.equals(login)) {
        throw new InvalidFieldException(
            field + "[" + i + "].password",
            "devices of kind '"
                + kind
                + "' must share one login (Forward gets one credential per kind)");
      }
      out.add(
          new DeviceInput(
              b.name(), kind, b.host(), b.port(), login.username(), login.password(), b.type()));
    }
    return out;
  }

  private static void checkNamesUnique(SyncBody body) {
    Set<String> seen = new HashSet<>();
    List<DeviceBody> all = new ArrayList<>(body.devices());
    all.addAll(body.linuxHostsOrEmpty());
    for (DeviceBody d : all) {
      if (!seen.add(d.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidFieldException(
            "devices", "name '" + d.name() + "' is used twice (names ignore case)");
      }
    }
  }

  private static JumpInput jump(JumpServerBody body) {
    if (body == null) {
      return null;
    }
    boolean hasPassword = body.password() != null && !body.password().isBlank();
    boolean hasKey = body.sshKey() != null && !body.sshKey().isBlank();
    if (hasPassword == hasKey) {
      throw new InvalidFieldException("jumpServer", "give exactly one of password or sshKey");
    }
    return new JumpInput(
        body.host(),
        body.port(),
        body.username(),
        hasKey ? body.sshKey() : body.password(),
        hasKey);
  }
}
