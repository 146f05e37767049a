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
    assertThat(m.journal(ServiceManager.JournalQuery.unit("wiki.service", 3)))
        .containsExactly("line 1", "line 2", "line 3");
    m.journal(new ServiceManager.JournalQuery(null, "sshd", 5, "-1h", "now", "--fail|x"));
    assertThat(m.failedUnits()).containsExactly("nginx.service", "x.service");
    List<String> followed = new ArrayList<>();
    try (ServiceManager.Follow f = m.follow(ServiceManager.JournalQuery.unit("wiki.service", 2))) {
      f.run(line -> followed.add(line));
    }
    assertThat(followed).containsExactly("line 1", "line 2", "line 3");
    assertThat(Files.readAllLines(log))
        .containsExactly(
            "restart -- wiki.service",
            "--no-pager -o short-iso -n 3 -u wiki.service",
            // filter values are glued to their option: "--fail|x" cannot become an option
            "--no-pager -o short-iso -n 5 --since=-1h --until=now --grep=--fail|x -t sshd",
            "list-units --failed --plain --no-legend --no-pager",
            "--no-pager -o short-iso -f -n 2 -u wiki.service");
  }

  @Test
  void closingAFollowKillsJournalctlEvenWhenTheJournalIsQuiet() throws Exception {
    Path pid = tmp.resolve("journalctl.pid");
    // a quiet unit: journalctl -f prints nothing and never exits by itself
    Path journalctl = script("journalctl", "echo $$ > " + pid + "\nexec sleep 600");
    SystemdServiceManager m = new SystemdServiceManager("systemctl", journalctl.toString());
    ServiceManager.Follow f = m.follow(ServiceManager.JournalQuery.unit("wiki.service", 1));
    Thread reader = Thread.ofVirtual().start(() -> runQuietly(f));
    while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
      Thread.sleep(20);
    }
    ProcessHandle process =
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();
    f.close();
    reader.join(Duration.ofSeconds(5));
    assertThat(reader.isAlive()).isFalse();
    process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(process.isAlive()).isFalse();
  }

  private static void runQuietly(ServiceManager.Follow f) {
    try {
      f.run(line -> true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
