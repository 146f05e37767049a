package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortNames;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.ServiceDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Holds each manifest read to the cluster's name bindings: a service whose name belongs to another
 * (host, service) is refused, so no manifest can reach another host's OIDC client, certificate or
 * proxy entry. Names nobody owns go to their first claimant (hosts in name order within a cycle).
 */
@Component
class ClaimedNames {

  private final FortNames names;

  ClaimedNames(FortNames names) {
    this.names = names;
  }

  /** The readings with every service that lost its name refused. */
  List<ManifestDigests.Reading> bind(String cluster, List<ManifestDigests.Reading> readings) {
    List<FortNames.Claim> declared = new ArrayList<>();
    for (ManifestDigests.Reading r : readings) {
      for (ServiceDeclaration s : r.digest().services()) {
        declared.add(new FortNames.Claim(r.digest().host(), s.name(), s.fqdn()));
      }
    }
    if (declared.isEmpty()) {
      return readings;
    }
    Map<String, FortNames.Claim> owners = names.claim(cluster, declared);
    List<ManifestDigests.Reading> bound = new ArrayList<>(readings.size());
    for (ManifestDigests.Reading r : readings) {
      HostDigest d = r.digest();
      List<ServiceDeclaration> kept = new ArrayList<>();
      List<ManifestDigests.Refusal> refusals = new ArrayList<>(r.refusals());
      for (ServiceDeclaration s : d.services()) {
        FortNames.Claim owner = owners.get(s.fqdn());
        if (owner != null && owner.host().equals(d.host()) && owner.service().equals(s.name())) {
          kept.add(s);
        } else if (owner == null) { // not claimable now (e.g. its host went away meanwhile)
          refusals.add(new ManifestDigests.Refusal(s.name(), s.fqdn(), "name not claimed"));
        } else {
          refusals.add(
              new ManifestDigests.Refusal(
                  s.name(),
                  s.fqdn(),
                  s.fqdn()
                      + " belongs to service "
                      + owner.service()
                      + " on host "
                      + owner.host()
                      + "; moving a service is an explicit transfer"));
        }
      }
      bound.add(
          kept.size() == d.services().size()
              ? r
              : new ManifestDigests.Reading(
                  new HostDigest(
                      d.host(), d.address(), true, null, List.copyOf(kept), d.gitTokenAccess()),
                  refusals));
    }
    return bound;
  }

  /** After the reads are recorded: frees the names the read hosts no longer declare. */
  void release(String cluster, List<ManifestDigests.Reading> readings) {
    List<String> hosts = readings.stream().map(r -> r.digest().host()).toList();
    List<FortNames.Claim> declared = new ArrayList<>();
    for (ManifestDigests.Reading r : readings) {
      for (ServiceDeclaration s : r.digest().services()) {
        declared.add(new FortNames.Claim(r.digest().host(), s.name(), s.fqdn()));
      }
    }
    names.release(cluster, hosts, declared);
  }
}
