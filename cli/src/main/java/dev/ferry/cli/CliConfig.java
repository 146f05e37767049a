package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** What `ferry login` remembers: API URL and token, in a file only its owner can read. */
public record CliConfig(String url, String token) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Path file() {
    String home =
        System.getenv()
            .getOrDefault(
                "FERRY_CONFIG_HOME",
                Path.of(System.getProperty("user.home"), ".config", "ferry").toString());
    return Path.of(home, "cli.json");
  }

  static CliConfig load() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return new CliConfig(null, null);
    }
    try {
      return JSON.readValue(file.toFile(), CliConfig.class);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + file + ": " + e.getMessage());
    }
  }

  void save() {
    Path file = file();
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
