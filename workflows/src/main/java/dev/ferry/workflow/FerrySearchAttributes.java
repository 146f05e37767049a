package dev.ferry.workflow;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Search attributes that make runs easy to find in the Web UI. Every key here must be registered on
 * the namespace before a workflow upserts it (the dev server gets them as --search-attribute
 * flags). They are never encrypted by the codec, so they never hold a secret.
 */
public final class FerrySearchAttributes {

  public static final SearchAttributeKey<String> OWNER =
      SearchAttributeKey.forKeyword("FerryOwner");
  public static final SearchAttributeKey<String> WORKSPACE =
      SearchAttributeKey.forKeyword("FerryWorkspace");
  public static final SearchAttributeKey<String> DEPLOYMENT =
      SearchAttributeKey.forKeyword("FerryDeployment");
  public static final SearchAttributeKey<String> DEPLOYMENT_TYPE =
      SearchAttributeKey.forKeyword("FerryDeploymentType");
  public static final SearchAttributeKey<String> FORWARD_NETWORK_ID =
      SearchAttributeKey.forKeyword("FerryForwardNetworkId");
  public static final SearchAttributeKey<String> FOREMAN_CONFIG =
      SearchAttributeKey.forKeyword("FerryForemanConfig");
  public static final SearchAttributeKey<String> CLUSTER =
      SearchAttributeKey.forKeyword("FerryCluster");
  public static final SearchAttributeKey<String> HOST = SearchAttributeKey.forKeyword("FerryHost");
  public static final SearchAttributeKey<String> OUTCOME =
      SearchAttributeKey.forKeyword("FerryOutcome");
  public static final SearchAttributeKey<List<String>> UNREACHABLE_HOSTS =
      SearchAttributeKey.forKeywordList("FerryUnreachableHosts");

  /** Hosts whose manifest declares something a Fort cycle refused (reasons: audit and API). */
  public static final SearchAttributeKey<List<String>> REFUSED_HOSTS =
      SearchAttributeKey.forKeywordList("FerryRefusedHosts");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(
          OWNER,
          WORKSPACE,
          DEPLOYMENT,
          DEPLOYMENT_TYPE,
          FORWARD_NETWORK_ID,
          FOREMAN_CONFIG,
          CLUSTER,
          HOST,
          OUTCOME,
          UNREACHABLE_HOSTS,
          REFUSED_HOSTS);

  private FerrySearchAttributes() {}
}
