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
    if (users.findByName(body.name()).isPresent()) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "user '" + body.name() + "' already exists");
    }
    return users.create(body.name(), Role.parse(body.role()));
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

  private UserRepository.User user(String name) {
    return users
        .findByName(name)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user '" + name + "'"));
  }
}
