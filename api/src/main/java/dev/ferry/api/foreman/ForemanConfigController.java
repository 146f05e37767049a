package dev.ferry.api.foreman;

import dev.ferry.api.auth.AdminOnly;
import dev.ferry.api.auth.Caller;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanConfigService;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository.StoredResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
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
 * Foreman configurations are managed by admins only, reading included: they name the Foreman, its
 * service account and TLS settings. Users see only each configuration's id and name, which they
 * need to read hosts and hypervisors.
 */
@RestController
@RequestMapping("/api/foreman/configs")
@Tag(name = "Foreman")
public class ForemanConfigController {

  private final ForemanConfigRepository configs;
  private final ForemanConfigService service;
  private final ForemanTestResultRepository results;
  private final ForemanTestSchedule schedule;

  public ForemanConfigController(
      ForemanConfigRepository configs,
      ForemanConfigService service,
      ForemanTestResultRepository results,
      ForemanTestSchedule schedule) {
    this.configs = configs;
    this.service = service;
    this.results = results;
    this.schedule = schedule;
  }

  @GetMapping
  @Operation(
      summary =
          "List Foreman configurations: admins see each in full with its latest test result, users"
              + " only its id and name")
  @ApiResponse(
      responseCode = "200",
      content =
          @Content(
              array =
                  @ArraySchema(
                      schema =
                          @Schema(
                              oneOf = {ForemanConfigView.class, ForemanConfigView.Summary.class}))))
  public List<?> list(HttpServletRequest request) {
    if (!Caller.of(request).isAdmin()) {
      return configs.list().stream().map(ForemanConfigView.Summary::of).toList();
    }
    return configs.list().stream().map(c -> ForemanConfigView.of(c, lastTest(c.id()))).toList();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One Foreman configuration (admin)")
  @AdminOnly
  public ForemanConfigView show(@PathVariable UUID id) {
    return ForemanConfigView.of(find(id), lastTest(id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Create a Foreman configuration (admin); the token is stored encrypted and never returned")
  @AdminOnly
  public ForemanConfigView create(@Valid @RequestBody ForemanConfigRequest body) {
    ForemanConfig.Settings settings = ForemanSettings.from(body);
    String credential = ForemanSettings.credential(body);
    if (credential == null) {
      throw new InvalidFieldException("token", "a personal access token (or password) is required");
    }
    rejectDuplicateName(settings.name(), null);
    ForemanConfig created;
    try {
      created = service.create(settings, credential);
    } catch (DuplicateKeyException e) {
      throw duplicate(settings.name());
    }
    schedule.ensureQuietly();
    return ForemanConfigView.of(created, null);
  }

  @PutMapping("/{id}")
  @Operation(
      summary =
          "Update a Foreman configuration (admin); omit token and password to keep the stored one")
  @AdminOnly
  public ForemanConfigView update(
      @PathVariable UUID id, @Valid @RequestBody ForemanConfigRequest body) {
    ForemanConfig.Settings settings = ForemanSettings.from(body);
    rejectDuplicateName(settings.name(), id);
    try {
      return service
          .update(id, settings, ForemanSettings.credential(body))
          .map(c -> ForemanConfigView.of(c, lastTest(id)))
          .orElseThrow(() -> notFound(id));
    } catch (DuplicateKeyException e) {
      throw duplicate(settings.name());
    }
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary =
          "Delete a Foreman configuration, its stored token, test results and snapshots (admin)")
  @AdminOnly
  public void delete(@PathVariable UUID id) {
    if (!service.delete(id)) {
      throw notFound(id);
    }
  }

  @GetMapping("/{id}/tests")
  @Operation(summary = "Stored connection test results, newest first (admin)")
  @AdminOnly
  public List<StoredResult> tests(
      @PathVariable UUID id, @RequestParam(defaultValue = "10") int limit) {
    find(id);
    if (limit < 1 || limit > 100) {
      throw new InvalidFieldException("limit", "must be between 1 and 100");
    }
    return results.latest(id, limit);
  }

  private StoredResult lastTest(UUID id) {
    return results.latest(id, 1).stream().findFirst().orElse(null);
  }

  private ForemanConfig find(UUID id) {
    return configs.find(id).orElseThrow(() -> notFound(id));
  }

  private void rejectDuplicateName(String name, UUID self) {
    configs
        .findByName(name)
        .filter(existing -> !existing.id().equals(self))
        .ifPresent(
            existing -> {
              throw duplicate(name);
            });
  }

  private static ResponseStatusException duplicate(String name) {
    return new ResponseStatusException(
        HttpStatus.CONFLICT, "a Foreman configuration named '" + name + "' already exists");
  }

  static ResponseStatusException notFound(UUID id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "no Foreman configuration " + id);
  }
}
