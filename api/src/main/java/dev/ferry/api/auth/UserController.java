package dev.ferry.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api")
@Tag(name = "Users and tokens")
public class UserController {

  private final UserRepository users;

  public UserController(UserRepository users) {
    this.users = users;
  }

  public record Me(String name, String role) {}

  public record NewUser(
      @NotBlank
          @Size(max = 64)
          @Pattern(
              regexp = "[a-z0-9][a-z0-9._-]*",
              message = "use lowercase letters, digits, '.', '_' or '-'")
          String name,
      @NotBlank @Pattern(regexp = "admin|user", message = "must be 'admin' or 'user'")
          String role) {}

  public record NewToken(@NotBlank @Size(max = 64) String name) {}

  @GetMapping("/me")
  @Operation(summary = "Who the presented token belongs to")
  public Me me(HttpServletRequest request) {
    Caller caller = Caller.of(request);
    return new Me(caller.name(), caller.role().wireName());
  }

  @GetMapping("/users")
  @Operation(summary = "List users (admin)")
  @AdminOnly
  public List<UserRepository.User> list() {
    return users.list();
  }

  @PostMapping("/users")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a user (admin)")
  @AdminOnly
  public UserRepository.User create(@Valid @RequestBody NewUser body) {
    if (users.nameTaken(body.name())) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          "user '" + body.name() + "' exists or existed (names of deleted users stay reserved)");
    }
    return users.create(body.name(), Role.parse(body.role()));
  }

  @PostMapping("/users/{name}/disable")
  @Operation(summary = "Disable a user (admin); their tokens are refused until re-enabled")
  @AdminOnly
  public UserRepository.User disable(HttpServletRequest request, @PathVariable String name) {
    return users.setDisabled(otherUser(request, name, "disable").id(), true);
  }

  @PostMapping("/users/{name}/enable")
  @Operation(summary = "Re-enable a disabled user (admin); their tokens work again")
  @AdminOnly
  public UserRepository.User enable(HttpServletRequest request, @PathVariable String name) {
    return users.setDisabled(otherUser(request, name, "enable").id(), false);
  }

  @DeleteMapping("/users/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary =
          "Delete a user (admin): every token is revoked at once; the name stays reserved and"
              + " the user's deployments keep their owner")
  @AdminOnly
  public void delete(HttpServletRequest request, @PathVariable String name) {
    users.delete(otherUser(request, name, "delete").id());
  }

  @PostMapping("/users/{name}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Issue an API token; its value is shown only in this response")
  @SelfOrAdmin
  public UserRepository.IssuedToken issue(
      @PathVariable String name, @Valid @RequestBody NewToken body) {
    return users.issueToken(user(name).id(), body.name());
  }

  @GetMapping("/users/{name}/tokens")
  @Operation(summary = "List a user's tokens (never their values)")
  @SelfOrAdmin
  public List<UserRepository.TokenInfo> tokens(@PathVariable String name) {
    return users.tokens(user(name).id());
  }

  @DeleteMapping("/users/{name}/tokens/{tokenId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a token")
  @SelfOrAdmin
  public void revoke(@PathVariable String name, @PathVariable UUID tokenId) {
    if (!users.revokeToken(user(name).id(), tokenId)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no active token " + tokenId);
    }
  }

  /** Admins act on other accounts only, so an admin cannot lock everyone out. */
  private UserRepository.User otherUser(HttpServletRequest request, String name, String action) {
    if (Caller.of(request).name().equals(name)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "you cannot " + action + " your own account");
    }
    return user(name);
  }

  private UserRepository.User user(String name) {
    return users
        .findByName(name)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user '" + name + "'"));
  }
}
