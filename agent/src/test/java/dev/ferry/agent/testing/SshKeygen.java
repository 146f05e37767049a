package dev.ferry.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real OpenSSH ssh-keygen: the interop peer in tests. */
public final class SshKeygen {
  public record Result(int exit, String output) {}

  private SshKeygen() {}

  public static void assumePresent() {
    boolean present;
    try {
      present = run(null, List.of("ssh-keygen", "-?")).exit >= 0;
    } catch (IOException e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "ssh-keygen not installed");
  }

  /**
   * Generates a key pair without passphrase; returns the private key path ({@code .pub} beside it).
   */
  public static Path generate(Path dir, String name, String type) throws IOException {
    Path key = dir.resolve(name);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                "",
                "-C",
                name + "@test",
                "-f",
                key.toString()));
    if (type.equals("rsa")) {
      argv.addAll(List.of("-b", "2048"));
    }
    Result r = run(null, argv);
    if (r.exit != 0) {
      throw new IOException("ssh-keygen failed: " + r.output);
    }
    return key;
  }

  public static String publicKey(Path privateKey) throws IOException {
    return Files.readString(Path.of(privateKey + ".pub")).trim();
  }

  /** {@code ssh-keygen -y -f key}: the public key line OpenSSH derives from a private key file. */
  public static String derivePublicKey(Path privateKey) throws IOException {
    Result r = run(null, List.of("ssh-keygen", "-y", "-f", privateKey.toString()));
    if (r.exit != 0) {
      throw new IOException("ssh-keygen -y failed: " + r.output);
    }
    return r.output.trim();
  }

  /** {@code ssh-keygen -Y sign -n fort-agent -f key file} → the armored signature text. */
  public static String sign(Path key, Path message, String namespace, String... extra)
      throws IOException {
    List<String> argv =
        new ArrayList<>(List.of("ssh-keygen", "-Y", "sign", "-n", namespace, "-f", key.toString()));
    argv.addAll(List.of(extra));
    argv.add(message.toString());
    Result r = run(null, argv);
    if (r.exit != 0) {
      throw new IOException("ssh-keygen -Y sign failed: " + r.output);
    }
    return Files.readString(Path.of(message + ".sig"));
  }

  /** {@code ssh-keygen -Y verify -f allowed_signers -I identity -n ns -s sig < message}. */
  public static Result verify(
      Path allowedSigners, String identity, String namespace, Path signature, Path message)
      throws IOException {
    return run(
        message,
        List.of(
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            allowedSigners.toString(),
            "-I",
            identity,
            "-n",
            namespace,
            "-s",
            signature.toString()));
  }

  public static Result run(Path stdin, List<String> argv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ssh-keygen timed out");
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
