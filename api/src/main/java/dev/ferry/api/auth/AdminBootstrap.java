package dev.ferry.api.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * First start of a fresh install: with no users at all, create the {@code admin} user and write its
 * first token to a file readable only by the owner. The token never goes to the log; the file path
 * does. Of several instances starting at once on the empty database, the first to insert the user
 * does this; the others start without.
 */
@Component
@Profile("!command")
public class AdminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

  private final UserRepository users;
  private final FerryApiProperties properties;

  public AdminBootstrap(UserRepository users, FerryApiProperties properties) {
    this.users = users;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (users.countUsers() > 0) {
      return;
    }
    Path tokenFile = Path.of(properties.bootstrapTokenFile()).toAbsolutePath();
    Files.createDirectories(tokenFile.getParent());
    UserRepository.User admin;
    try {
      admin = users.create("admin", Role.ADMIN);
    } catch (DuplicateKeyException e) {
      // another API instance starting on the same empty database created it first; that instance
      // writes the token file
      log.info("Fresh install: another instance created user 'admin' first");
      return;
    }
    UserRepository.IssuedToken token = users.issueToken(admin.id(), "bootstrap");
    Files.deleteIfExists(tokenFile);
    Files.createFile(
        tokenFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token.token() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    log.info(
        "Fresh install: created user 'admin'; its first API token was written to {}", tokenFile);
  }
}
