package dev.ferry.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** fort-protocol.md §9: ssh-keygen 9.2 vectors, reproduced byte for byte. */
class SshSignatureVectorsTest {
  /** Throwaway key from the reference, never deployed. */
  static final String VECTOR_KEY =
      """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACCOIfmxGQXUhonhdnIry+4gvIQrVmH+61auE667ZUulFQAAAIgztw9iM7cP
            YgAAAAtzc2gtZWQyNTUxOQAAACCOIfmxGQXUhonhdnIry+4gvIQrVmH+61auE667ZUulFQ
            AAAEDbABicgNA7TYbadT8Y28i62IuIklTDnwaX5gX7XSQNxI4h+bEZBdSGieF2civL7iC8
            hCtWYf7rVq4TrrtlS6UVAAAABHRlc3QB
            -----END OPENSSH PRIVATE KEY-----
            """;

  static final String VECTOR_PUB =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII4h+bEZBdSGieF2civL7iC8hCtWYf7rVq4TrrtlS6UV test";
  static final String SIG1 =
      "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgjiH5sRkF1IaJ4XZyK8vuILyEK1Zh/utWrhOuu2VLpRUAAAAKZm9ydC1hZ2VudAAAAAAAAAAGc2hhNTEyAAAAUwAAAAtzc2gtZWQyNTUxOQAAAEB5ucgq94H6f1p5We4xT7yKBR/J4H4R1zWJCtdUMDmmEsx0Uti3p+glphDKsQM4OFraPmKE2cHPs68WIeI8j8sG";
  static final String SIG2 =
      "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgjiH5sRkF1IaJ4XZyK8vuILyEK1Zh/utWrhOuu2VLpRUAAAAKZm9ydC1hZ2VudAAAAAAAAAAGc2hhNTEyAAAAUwAAAAtzc2gtZWQyNTUxOQAAAEBQA3LqGdHVXrz8T4kpaXU9imPyi/YNn05ESfE2GrRtk27qWtLaAZKBXef5oXZFOmwWc5qRgJoA1I1eSIV3qvAO";
  static final String SIG3 =
      "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgjiH5sRkF1IaJ4XZyK8vuILyEK1Zh/utWrhOuu2VLpRUAAAAKZm9ydC1hZ2VudAAAAAAAAAAGc2hhMjU2AAAAUwAAAAtzc2gtZWQyNTUxOQAAAEAek5po/OsyyW/bv9LyDdwD1b70OMPYwsj9a7CMLRu5XuRxA5xjetz/FwdFVBDgi7PZH9cr32Rm03zNz9uk9aUI";

  static final OpenSshPrivateKey KEY = OpenSshPrivateKey.parse(VECTOR_KEY);
  static final SshPublicKey PUB = SshPublicKey.parse(VECTOR_PUB);

  static byte[] canonical1() {
    return FortProtocol.canonicalBytes(
        "POST", "/fort/status", "1704067200", "{}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesTheVectorKey() {
    assertThat(KEY.publicKey()).isEqualTo(PUB);
    assertThat(KEY.comment()).isEqualTo("test");
    assertThat(PUB.fingerprint()).isEqualTo("SHA256:Nnm8Qe0gthpK+thlHE+IN6kN3YGeXPKiXy76Jui0CKo");
    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(PUB.blob(), 19, 51)))
        .isEqualTo("8e21f9b11905d48689e176722bcbee20bc842b5661feeb56ae13aebb654ba515");
    assertThat(PUB.toOpenSsh() + " test").isEqualTo(VECTOR_PUB);
    assertThat(KEY.toString()).doesNotContain("BEGIN");
  }

  @Test
  void vector1CanonicalSignedDataAndSignature() throws Exception {
    assertThat(Digests.sha256Hex("{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(HexFormat.of().formatHex(canonical1()))
        .isEqualTo(
            "504f53540a2f666f72742f7374617475730a313730343036373230300a"
                + HexFormat.of()
                    .formatHex(
                        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
                            .getBytes(StandardCharsets.US_ASCII)));
    byte[] signed =
        SshSignature.signedData("fort-agent", SshSignature.HashAlgorithm.SHA512, canonical1());
    assertThat(signed).hasSize(102);
    assertThat(HexFormat.of().formatHex(signed))
        .isEqualTo(
            "5353485349470000000a666f72742d6167656e7400000000000000067368613531320000004098be8f5154744a47db46fef8f5119d0c5b9106b2501682f7f5cd16c2153c0c4b073b9cb9ea30fe747403c82662fc9d3e532b19376a307fac66e7b40578234b34");
    byte[] blob = SshSignature.sign(KEY, "fort-agent", canonical1());
    assertThat(blob).hasSize(180);
    assertThat(Base64.getEncoder().encodeToString(blob)).isEqualTo(SIG1);
    SshSignature.verify(Base64.getDecoder().decode(SIG1), PUB, "fort-agent", canonical1());
  }

  @Test
  void vector2JournalRequest() throws Exception {
    byte[] body = "{\"unit\":\"nginx\",\"lines\":50}".getBytes(StandardCharsets.UTF_8);
    assertThat(Digests.sha256Hex(body))
        .isEqualTo("55b05b161847ff808e32f8d57310015c3d069385fe8dfb487dfdd6c9b50874b0");
    byte[] canonical = FortProtocol.canonicalBytes("POST", "/fort/journal", "1704067300", body);
    assertThat(
            HexFormat.of()
                .formatHex(
                    SshSignature.signedData(
                        "fort-agent", SshSignature.HashAlgorithm.SHA512, canonical)))
        .isEqualTo(
            "5353485349470000000a666f72742d6167656e74000000000000000673686135313200000040b6fc65157854175296bef2718d7604ee13444cf269a3536db1fd5b4ef43718bb35c2b4b3acd0658e76fc6d740439d63744a032feea06ca0b18f0d42dc05fc474");
    assertThat(Base64.getEncoder().encodeToString(SshSignature.sign(KEY, "fort-agent", canonical)))
        .isEqualTo(SIG2);
    SshSignature.verify(Base64.getDecoder().decode(SIG2), PUB, "fort-agent", canonical);
  }

  @Test
  void vector3Sha256() throws Exception {
    byte[] signed =
        SshSignature.signedData("fort-agent", SshSignature.HashAlgorithm.SHA256, canonical1());
    assertThat(signed).hasSize(70);
    assertThat(HexFormat.of().formatHex(signed))
        .isEqualTo(
            "5353485349470000000a666f72742d6167656e74000000000000000673686132353600000020a43e9638c7b5c70bae31a4b5460983638a2df2b4e5db85f55edb1cc392a23909");
    assertThat(
            Base64.getEncoder()
                .encodeToString(
                    SshSignature.sign(
                        KEY, "fort-agent", canonical1(), SshSignature.HashAlgorithm.SHA256)))
        .isEqualTo(SIG3);
    SshSignature.verify(Base64.getDecoder().decode(SIG3), PUB, "fort-agent", canonical1());
  }

  @Test
  void negativeCasesFromTheReference() {
    byte[] sig = Base64.getDecoder().decode(SIG1);
    assertRejected(sig, PUB, "fort", canonical1(), "namespace does not match");
    assertRejected(
        sig,
        PUB,
        "fort-agent",
        concat(canonical1(), "\n".getBytes(StandardCharsets.US_ASCII)),
        "incorrect signature");
    assertRejected(
        sig,
        PUB,
        "fort-agent",
        FortProtocol.canonicalBytes(
            "POST", "/fort/status", "1704067200", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
        "incorrect signature");
    assertRejected(
        sig,
        PUB,
        "fort-agent",
        FortProtocol.canonicalBytes(
            "GET", "/fort/status", "1704067200", "{}".getBytes(StandardCharsets.UTF_8)),
        "incorrect signature");
    assertRejected(
        sig,
        PUB,
        "fort-agent",
        FortProtocol.canonicalBytes(
            "POST", "/fort/status", "1704067201", "{}".getBytes(StandardCharsets.UTF_8)),
        "incorrect signature");

    byte[] flipped = sig.clone();
    flipped[flipped.length - 1] ^= 1;
    assertRejected(flipped, PUB, "fort-agent", canonical1(), "incorrect signature");
    assertRejected(concat(sig, new byte[] {0}), PUB, "fort-agent", canonical1(), "trailing data");
    byte[] v2 = sig.clone();
    v2[9] = 2;
    assertRejected(v2, PUB, "fort-agent", canonical1(), "larger than supported version 1");
    byte[] sha384 = sig.clone();
    System.arraycopy("sha384".getBytes(StandardCharsets.US_ASCII), 0, sha384, 87, 6);
    assertRejected(sha384, PUB, "fort-agent", canonical1(), "unsupported hash algorithm");
    byte[] otherA = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(new byte[32], 0, otherA, 0);
    SshPublicKey other =
        SshPublicKey.fromBlob(
            new SshWire.Writer().string("ssh-ed25519").string(otherA).toByteArray());
    assertRejected(sig, other, "fort-agent", canonical1(), "does not match the key on file");
    assertRejected(Arrays.copyOf(sig, 100), PUB, "fort-agent", canonical1(), "malformed signature");
    assertRejected(new byte[0], PUB, "fort-agent", canonical1(), "malformed signature");
  }

  @Test
  void armorWrapsAt70AndAnyWidthIsAccepted() throws Exception {
    byte[] sig = Base64.getDecoder().decode(SIG1);
    String armored = SshSignature.armor(sig);
    assertThat(armored.lines().toList())
        .containsExactly(
            "-----BEGIN SSH SIGNATURE-----",
            SIG1.substring(0, 70),
            SIG1.substring(70, 140),
            SIG1.substring(140, 210),
            SIG1.substring(210),
            "-----END SSH SIGNATURE-----");
    StringBuilder at76 = new StringBuilder("-----BEGIN SSH SIGNATURE-----\r\n");
    for (int i = 0; i < SIG1.length(); i += 76) {
      at76.append(SIG1, i, Math.min(SIG1.length(), i + 76)).append("\r\n");
    }
    at76.append("-----END SSH SIGNATURE-----\r\n");
    SshSignature.verify(SshSignature.dearmor(at76.toString()), PUB, "fort-agent", canonical1());
  }

  @Test
  void rejectsMalformedKeys() {
    assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 !!!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SshPublicKey.parse(
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBu5b4J5CkGvG6S0mK1QvT0n9x0hP4Dh7ZbJcQx1yY2Z x"))
        .hasMessageContaining("not a valid curve point");
    assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + VECTOR_PUB.split(" ")[1]))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> SshPublicKey.parse("ssh-dss AAAAB3NzaC1kc3MAAAA="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                OpenSshPrivateKey.parse(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenSshPrivateKey.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRejected(
      byte[] sig, SshPublicKey key, String ns, byte[] message, String reason) {
    assertThatThrownBy(() -> SshSignature.verify(sig, key, ns, message))
        .isInstanceOf(SshSignature.VerificationException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
