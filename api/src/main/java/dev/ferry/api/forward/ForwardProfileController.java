package dev.ferry.api.forward;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.forward.ForwardCollectorLifecycle.CollectorView;
import dev.ferry.api.forward.ForwardConnectionTests.TestView;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.store.ForwardProfileService;
import dev.ferry.forward.workflow.CollectorAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The caller's own Forward profiles. Credentials go in, never come out: responses only say {@code
 * hasSecret}.
 */
@RestController
@RequestMapping("/api/forward/profiles")
@Tag(name = "Forward")
public class ForwardProfileController {

  private final ForwardProfileRepository profiles;
  private final ForwardProfileService service;
  private final ForwardConnectionTests tests;
  private final ForwardCollectorLifecycle collectors;
  private final ForwardCollectorRepository registered;

  public ForwardProfileController(
      ForwardProfileRepository profiles,
      ForwardProfileService service,
      ForwardConnectionTests tests,
      ForwardCollectorLifecycle collectors,
      ForwardCollectorRepository registered) {
    this.profiles = profiles;
    this.service = service;
    this.tests = tests;
    this.collectors = collectors;
    this.registered = registered;
  }

  public record ProfileBody(
      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") String name,
      @Size(max = 500) String baseUrl,
      @Size(max = 500) String username,
      @Size(max = 2000) String password,
      Boolean skipTlsVerify,
      @Size(max = 20000) String caCertificate,
      @Size(max = 200) String preferredCollector,
      Boolean isDefault) {}

  public record ProfileView(
      String id,
      String name,
      String baseUrl,
      boolean skipTlsVerify,
      boolean hasCaCertificate,
      String preferredCollector,
      boolean isDefault,
      boolean hasSecret,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static ProfileView of(ForwardProfile p) {
      return new ProfileView(
          p.id().toString(),
          p.name(),
          p.baseUrl(),
          p.skipTlsVerify(),
          p.caCertificate() != null && !p.caCertificate().isBlank(),
          p.preferredCollector(),
          p.isDefault(),
          p.passwordSecretId() != null,
          p.createdAt(),
          p.updatedAt());
    }
  }

  @GetMapping
  @Operation(summary = "List your Forward profiles")
  public List<ProfileView> list(HttpServletRequest request) {
    return profiles.list(Caller.of(request).userId()).stream().map(ProfileView::of).toList();
  }

  @GetMapping("/{name}")
  @Operation(summary = "Show one of your Forward profiles")
  public ProfileView show(HttpServletRequest request, @PathVariable String name) {
    return ProfileView.of(owned(request, name));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Create a Forward profile (API token access key + secret, or login + password)")
  public ProfileView create(HttpServletRequest request, @Valid @RequestBody ProfileBody body) {
    Caller caller = Caller.of(request);
    if (blank(body.username())) {
      throw new InvalidFieldException("username", "must not be blank");
    }
    if (blank(body.password())) {
      throw new InvalidFieldException("password", "must not be blank");
    }
    if (profiles.find(caller.userId(), body.name()).isPresent()) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "profile '" + body.name() + "' already exists");
    }
    return ProfileView.of(service.create(caller.userId(), settings(body), body.password()));
  }

  @PutMapping("/{name}")
  @Operation(
      summary =
          "Update a Forward profile; omit username and password to keep the stored credentials")
  public ProfileView update(
      HttpServletRequest request, @PathVariable String name, @Valid @RequestBody ProfileBody body) {
    ForwardProfile existing = owned(request, name);
    if (blank(body.username()) != blank(body.password())) {
      throw new InvalidFieldException(
          blank(body.username()) ? "username" : "password",
          "give username and password together, or neither to keep the stored ones");
    }
    if (!body.name().equals(name) && profiles.find(existing.ownerId(), body.name()).isPresent()) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "profile '" + body.name() + "' already exists");
    }
    return ProfileView.of(
        service.update(existing, settings(body), blank(body.password()) ? null : body.password()));
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary =
          "Delete a Forward profile with its collectors in Forward and the cluster; refused while a"
              + " deployment uses it, unless force=true (which also forgets those deployments)")
  public void delete(
      HttpServletRequest request,
      @PathVariable String name,
      @RequestParam(defaultValue = "false") boolean force) {
    ForwardProfile profile = owned(request, name);
    if (!force && profiles.inUse(profile.id())) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          "profile '" + name + "' is used by a deployment (force=true deletes it anyway)");
    }
    if (!registered.forProfile(profile.id()).isEmpty()) {
      // only a profile with collectors has anything in Forward or the cluster to delete
      collectors.run(CollectorAction.DELETE, profile, Caller.of(request).name());
    }
    service.delete(profile, force);
  }

  @GetMapping("/{name}/collectors")
  @Operation(
      summary =
          "Your profile's collectors: Forward's view (connected or not) and, in-cluster, the"
              + " Deployment's readiness")
  public List<CollectorView> collectorStatus(
      HttpServletRequest request, @PathVariable String name) {
    return collectors.run(CollectorAction.STATUS, owned(request, name), Caller.of(request).name());
  }

  @PostMapping("/{name}/collectors/reregister")
  @Operation(
      summary =
          "Register the profile's collectors in Forward again (new authorization key, Secret"
              + " re-applied in the cluster); the next sync binds them")
  public List<CollectorView> reregister(HttpServletRequest request, @PathVariable String name) {
    return collectors.run(
        CollectorAction.REREGISTER, owned(request, name), Caller.of(request).name());
  }

  @PostMapping("/{name}/test")
  @Operation(
      summary =
          "Test the connection: ok (with Forward's version), bad credentials, unreachable, TLS failure, timeout")
  public TestView test(HttpServletRequest request, @PathVariable String name) {
    return tests.test(owned(request, name));
  }

  private ForwardProfile owned(HttpServletRequest request, String name) {
    return profiles
        .find(Caller.of(request).userId(), name)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no Forward profile '" + name + "'"));
  }

  private static ForwardProfile.Settings settings(ProfileBody body) {
    if (body.baseUrl() != null && !body.baseUrl().isBlank()) {
      try {
        URI uri = URI.create(ForwardProfile.normalizeBaseUrl(body.baseUrl()));
        if (uri.getHost() == null
            || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException(
            "baseUrl", "must be an http(s) URL such as https://fwd.app");
      }
    }
    if (body.username() != null && body.username().contains(":")) {
      throw new InvalidFieldException(
          "username", "must not contain ':' (it is sent as HTTP Basic)");
    }
    return new ForwardProfile.Settings(
        body.name(),
        body.baseUrl(),
        blank(body.username()) ? null : body.username(),
        Boolean.TRUE.equals(body.skipTlsVerify()),
        body.caCertificate(),
        blank(body.preferredCollector()) ? null : body.preferredCollector(),
        Boolean.TRUE.equals(body.isDefault()));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
