package dev.ferry.remote;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server whose chain leads to the anchors and whose certificate names one peer, whatever
 * address was dialled (see {@link TlsTrust#forPeer}). Refusals say which of the two failed, since
 * the message is what an operator reads in the failed activity.
 */
final class PeerNameTrust extends X509ExtendedTrustManager {

  private static final int DNS_NAME = 2;

  private final X509ExtendedTrustManager anchors;
  private final String peerName;

  PeerNameTrust(X509ExtendedTrustManager anchors, String peerName) {
    this.anchors = anchors;
    this.peerName = peerName.toLowerCase(Locale.ROOT);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, () -> anchors.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, () -> anchors.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, () -> anchors.checkServerTrusted(chain, authType));
  }

  /** The chain's own check (the JDK's PKIX validation), then the name. */
  private interface ChainCheck {
    void run() throws CertificateException;
  }

  private void check(X509Certificate[] chain, ChainCheck pkix) throws CertificateException {
    try {
      pkix.run();
    } catch (CertificateException e) {
      throw notFromTheCa(chain, e);
    }
    requireName(chain);
  }

  private CertificateException notFromTheCa(X509Certificate[] chain, CertificateException cause) {
    String subject =
        chain.length == 0 ? "no certificate" : chain[0].getSubjectX500Principal().getName();
    return new CertificateException(
        "the certificate presented for "
            + peerName
            + " ("
            + subject
            + ") is not from the trusted CA: "
            + cause.getMessage(),
        cause);
  }

  private void requireName(X509Certificate[] chain) throws CertificateException {
    List<String> names = dnsNames(chain[0]);
    if (!names.contains(peerName)) {
      throw new CertificateException(
          "the certificate presented is for " + names + ", not for " + peerName);
    }
  }

  private static List<String> dnsNames(X509Certificate certificate)
      throws CertificateParsingException {
    var names = certificate.getSubjectAlternativeNames();
    return names == null
        ? List.of()
        : names.stream()
            .filter(n -> (Integer) n.get(0) == DNS_NAME)
            .map(n -> ((String) n.get(1)).toLowerCase(Locale.ROOT))
            .toList();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client-side trust manager");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client-side trust manager");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client-side trust manager");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return anchors.getAcceptedIssuers();
  }
}
