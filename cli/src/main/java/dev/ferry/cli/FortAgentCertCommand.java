package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Bootstraps a host's agent certificate. The key pair is made here, on the host, and only a
 * certificate signing request goes to Ferry: the private key is written to a 0600 file and never
 * travels, never printed, never in a workflow. Ferry renews the certificate through the agent
 * later.
 */
@Command(
    name = "agent-cert",
    description = {
      "Make the host's agent key here and have the cluster CA certify it for <host>.fort.<domain>.",
      "The key never leaves this machine; point the agent's tls.certFile/keyFile at the files."
    })
class FortAgentCertCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CLUSTER")
  String cluster;

  @Parameters(index = "1", paramLabel = "HOST")
  String host;

  @Option(
      names = "--cert-file",
      required = true,
      description = "where to write the certificate chain (leaf first), PEM")
  Path certFile;

  @Option(
      names = "--key-file",
      required = true,
      description = "where to write the private key (PKCS#8 PEM, mode 0600)")
  Path keyFile;

  @Option(names = "--ca-file", description = "also write the cluster CA certificate (PEM) here")
  Path caFile;

  @Option(names = "--force", description = "replace existing files")
  boolean force;

  @Mixin OutputOptions output = new OutputOptions();

  @Override
  public Integer call() {
    if (!force) {
      for (Path file : new Path[] {certFile, keyFile, caFile}) {
        if (file != null && Files.exists(file)) {
          throw new CliException(
              ExitCodes.BAD_INPUT_OR_AUTH, file + " exists; pass --force to replace it");
        }
      }
    }
    KeyPair keys = newKeyPair();
    JsonNode issued =
        ApiClient.fromEnvironment()
            .post(
                FortCommand.cluster(cluster)
                    + "/hosts/"
                    + ApiClient.encode(host)
                    + "/agent-certificate",
                Map.of("csrPem", pem(csr(keys))));
    String chain = issued.path("certificatePem").asText();
    requireOwnKey(chain, keys);
    // the key first: until the certificate is replaced too, an agent keeps serving the old pair
    write(keyFile, pkcs8(keys));
    write(certFile, chain);
    if (caFile != null) {
      write(caFile, issued.path("caCertificatePem").asText());
    }
    return output.print(
        issued,
        i ->
            System.out.printf(
                "%s  serial %s  until %s%n  certificate %s%n  key %s%n",
                i.path("agentName").asText(),
                i.path("serial").asText(),
                i.path("notAfter").asText(),
                certFile,
                keyFile));
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subject is a hint only: Ferry certifies the host's agent name, whatever is asked. */
  private Object csr(KeyPair keys) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(
              new X500Name("CN=" + host.replaceAll("[^A-Za-z0-9.-]", "-")), keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer must certify the key made here; anything else is not written. */
  private static void requireOwnKey(String chainPem, KeyPair keys) {
    try {
      X509Certificate leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
      if (leaf.getPublicKey().equals(keys.getPublic())) {
        return;
      }
    } catch (CertificateException e) {
      throw new CliException(
          ExitCodes.FAILED, "the API answered without a usable certificate: " + e.getMessage());
    }
    throw new CliException(ExitCodes.FAILED, "the API certified another key; nothing written");
  }

  /** PKCS#8 ("PRIVATE KEY"), which every TLS server reads. */
  private static String pkcs8(KeyPair keys) {
    try {
      return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
    } catch (PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object value) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** Owner-only from the first byte, then renamed into place (what the agent's reload expects). */
  private void write(Path file, String content) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path tmp =
          Files.createTempFile(
              absolute.getParent(),
              "." + absolute.getFileName(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      if (force) {
        Files.move(
            tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try {
          Files.createLink(absolute, tmp); // fails if the file appeared meanwhile
        } finally {
          Files.delete(tmp);
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          ExitCodes.BAD_INPUT_OR_AUTH, file + " exists; pass --force to replace it");
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
