package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd adapter against stand-in scripts that record their argv. */
class SystemdServiceManagerTest {
  @TempDir Path tmp;

  private Path script(String name, String body) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void passesArgvWithoutAShell() throws Exception {
    Path log = tmp.resolve("argv.log");
    Path systemctl =
        script(
            "systemctl",
            "echo \"$@\" >> "
                + log
                + "\n"
                + "[ \"$1\" = list-units ] && printf '  nginx.service loaded failed failed nginx\\n  x.service loaded failed failed X\\n'\nexit 0");
    Path journalctl =
        script(
            "journalctl", "echo \"$@\" >> " + log + "\nfor i in 1 2 3; do echo \"line $i\"; done");
    SystemdServiceManager m =
        new SystemdServiceManager(systemctl.toString(), journalctl.toString());
    m.signal("wiki.service", "restart");
    assertThat(m.journal("wiki.service", 3)).containsExactly("line 1", "line 2", "line 3");
    assertThat(m.failedUnits()).containsExactly("nginx.service", "x.service");
    List<String> followed = new ArrayList<>();
    m.follow("wiki.service", 2, Duration.ofSeconds(5), line -> followed.add(line));
    assertThat(followed).containsExactly("line 1", "line 2", "line 3");
    assertThat(Files.readAllLines(log))
        .containsExactly(
            "restart -- wiki.service",
            "--no-pager -o short-iso -n 3 -u wiki.service",
            "list-units --failed --plain --no-legend --no-pager",
            "--no-pager -o short-iso -f -n 2 -u wiki.service");
  }

  @Test
  void failureBecomesAnIOExceptionWithTheLastLine() throws Exception {
    Path systemctl =
        script(
            "systemctl",
            "echo 'Failed to restart wiki.service: Unit wiki.service not found.'\nexit 5");
    SystemdServiceManager m = new SystemdServiceManager(systemctl.toString(), "journalctl");
    assertThatThrownBy(() -> m.signal("wiki.service", "restart"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "systemctl restart exited 5: Failed to restart wiki.service: Unit wiki.service not found.");
  }
}
