package dev.ferry.fort.store;

import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers and forgets clusters together with their secrets. The CA and the agent signing key are
 * generated before the transaction opens (key generation is the slow part), so the database work is
 * one short transaction: a failure in it leaves no cluster row and no secret behind.
 */
@Service
public class FortClusterProvisioning {

  private static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** Where the beacon's agent writes proxy entries unless the cluster says otherwise. */
  public static final String DEFAULT_PROXY_ROOT = "/var/lib/fort/proxy";

  private final FortClusterRepository clusters;
  private final SecretStore secrets;
  private final TransactionTemplate transaction;

  public FortClusterProvisioning(
      FortClusterRepository clusters,
      SecretStore secrets,
      PlatformTransactionManager transactionManager) {
    this.clusters = clusters;
    this.secrets = secrets;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * A cluster to register. Provider settings are null when the cluster does not use that provider;
   * {@code certificateAuthority} is null to let Ferry create the CA (an operator's CA is
   * name-constrained to the domain, see {@link CertificateAuthorities#constrainedTo}); null numbers
   * take the defaults.
   */
  public record NewCluster(
      String name,
      String domain,
      String pocketIdUrl,
      String pocketIdApiKey,
      String forgejoUrl,
      String forgejoUser,
      String forgejoPassword,
      CertificateAuthorities.PemCa certificateAuthority,
      String beaconHost,
      Integer beaconListenPort,
      Integer beaconTlsPort,
      String beaconProxyRoot,
      Integer intervalSeconds,
      Integer removalGraceSeconds,
      Integer renewBeforeSeconds,
      Integer certificateDays,
      Integer tokenHours) {

    @Override
    public String toString() {
      return "NewCluster[" + name + "]";
    }
  }

  /**
   * Generates the cluster's keys, then stores the cluster, its secrets and Ferry's own principal in
   * one transaction. {@code alsoInTransaction} runs last inside it (e.g. creating the cluster's
   * schedule): if it throws, nothing is stored.
   */
  public FortCluster create(NewCluster spec, Consumer<FortCluster> alsoInTransaction) {
    CertificateAuthorities.PemCa ca =
        spec.certificateAuthority() != null
            ? CertificateAuthorities.constrainedTo(spec.certificateAuthority(), spec.domain())
            : CertificateAuthorities.create(
                "Ferry Fort CA " + spec.name(), CA_VALIDITY, spec.domain());
    SigningKeys.SigningKey signingKey =
        SigningKeys.generate(FortCluster.PRINCIPAL + "@" + spec.name());
    return transaction.execute(
        status -> {
          FortCluster cluster = insert(spec, ca, signingKey);
          alsoInTransaction.accept(cluster);
          return cluster;
        });
  }

  /** Forgets the cluster (its hosts and principals go with it) and deletes its secrets. */
  public void delete(FortCluster cluster) {
    transaction.executeWithoutResult(
        status -> {
          clusters.delete(cluster.name());
          Stream.of(
                  cluster.pocketIdKeySecret(),
                  cluster.forgejoPasswordSecret(),
                  cluster.caKeySecret(),
                  cluster.signingKeySecret())
              .forEach(secrets::delete);
        });
  }

  /**
   * New provider settings; a null part keeps what is stored. A given secret replaces the stored
   * one: the new one is sealed and the old one deleted in the same transaction.
   */
  public record ProviderSettings(
      String pocketIdUrl,
      String pocketIdApiKey,
      String forgejoUrl,
      String forgejoUser,
      String forgejoPassword,
      List<String> gitWriteHosts) {

    @Override
    public String toString() {
      return "ProviderSettings[" + pocketIdUrl + ", " + forgejoUrl + ", " + forgejoUser + "]";
    }
  }

  /** Applies {@code settings} to the cluster in one transaction and returns it as stored. */
  public FortCluster updateProviders(FortCluster current, ProviderSettings settings) {
    String purpose = "fort:" + current.name() + ":";
    return transaction.execute(
        status -> {
          SecretRef pocketIdKey =
              sealIfSet(purpose + "pocket-id-api-key", settings.pocketIdApiKey());
          SecretRef forgejoPassword =
              sealIfSet(purpose + "forgejo-password", settings.forgejoPassword());
          clusters.updateProviders(
              new FortCluster(
                  current.name(),
                  current.domain(),
                  orKeep(settings.pocketIdUrl(), current.pocketIdUrl()),
                  pocketIdKey == null ? current.pocketIdKeySecret() : pocketIdKey,
                  orKeep(settings.forgejoUrl(), current.forgejoUrl()),
                  orKeep(settings.forgejoUser(), current.forgejoUser()),
                  forgejoPassword == null ? current.forgejoPasswordSecret() : forgejoPassword,
                  current.caCertificatePem(),
                  current.caKeySecret(),
                  current.beaconHost(),
                  current.beaconListenPort(),
                  current.beaconTlsPort(),
                  current.beaconProxyRoot(),
                  current.signingKeySecret(),
                  current.signingPublicKey(),
                  current.intervalSeconds(),
                  current.removalGraceSeconds(),
                  current.renewBeforeSeconds(),
                  current.certificateDays(),
                  current.tokenHours(),
                  current.createdAt()));
          // the row points at the new secrets now, so the old ones can go
          deleteReplaced(current.pocketIdKeySecret(), pocketIdKey);
          deleteReplaced(current.forgejoPasswordSecret(), forgejoPassword);
          if (settings.gitWriteHosts() != null) {
            clusters.setGitWriteHosts(current.name(), settings.gitWriteHosts());
          }
          if (settings.pocketIdUrl() != null || settings.pocketIdApiKey() != null) {
            clusters.clearProviderStatus(current.name()); // learnt from the old key
          }
          return clusters.find(current.name()).orElseThrow();
        });
  }

  private void deleteReplaced(SecretRef old, SecretRef replacement) {
    if (old != null && replacement != null) {
      secrets.delete(old);
    }
  }

  private static String orKeep(String value, String current) {
    return value == null ? current : value;
  }

  private FortCluster insert(
      NewCluster spec, CertificateAuthorities.PemCa ca, SigningKeys.SigningKey signingKey) {
    String purpose = "fort:" + spec.name() + ":";
    clusters.insert(
        new FortCluster(
            spec.name(),
            spec.domain(),
            spec.pocketIdUrl(),
            sealIfSet(purpose + "pocket-id-api-key", spec.pocketIdApiKey()),
            spec.forgejoUrl(),
            spec.forgejoUser(),
            sealIfSet(purpose + "forgejo-password", spec.forgejoPassword()),
            ca.certificatePem(),
            secrets.seal(purpose + "ca-key", ca.privateKeyPem()),
            spec.beaconHost(),
            orDefault(spec.beaconListenPort(), 80),
            orDefault(spec.beaconTlsPort(), 443),
            spec.beaconProxyRoot() == null ? DEFAULT_PROXY_ROOT : spec.beaconProxyRoot(),
            secrets.seal(purpose + "signing-key", signingKey.privateKeyPem()),
            signingKey.publicKeyLine(),
            orDefault(spec.intervalSeconds(), 60),
            orDefault(spec.removalGraceSeconds(), 3600),
            orDefault(spec.renewBeforeSeconds(), 30 * 86400),
            orDefault(spec.certificateDays(), 90),
            orDefault(spec.tokenHours(), 24),
            null));
    clusters.upsertPrincipal(
        new FortPrincipal(
            spec.name(),
            FortCluster.PRINCIPAL,
            List.of(signingKey.publicKeyLine()),
            List.of("credential-provider")));
    return clusters.find(spec.name()).orElseThrow();
  }

  private SecretRef sealIfSet(String purpose, String plaintext) {
    return plaintext == null ? null : secrets.seal(purpose, plaintext);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
