package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.sandbox.kubernetes.StatusError.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of the API server's validation that Ferry's objects can trip over: names
 * (apimachinery/pkg/util/validation/validation.go, apis/core/validation NameIsDNS*), label values,
 * a Deployment's selector and containers (apis/apps/validation), a Service's ports
 * (apis/core/validation ValidateService). Each failure is a cause of a 422 Invalid.
 */
final class Validation {

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private Validation() {}

  static List<Cause> check(ApiResource r, JsonNode object) {
    List<Cause> causes = new ArrayList<>();
    name(r, object.at("/metadata/name").asText(), causes);
    labels("metadata.labels", object.at("/metadata/labels"), causes);
    switch (r.kind()) {
      case "Deployment" -> deployment(object.path("spec"), causes);
      case "Service" -> service(object.path("spec"), causes);
      default -> {}
    }
    return causes;
  }

  private static void name(ApiResource r, String name, List<Cause> causes) {
    String field = "metadata.name";
    switch (r.kind()) {
      case "Namespace" -> {
        if (name.length() > 63 || !LABEL.matcher(name).matches()) {
          causes.add(
              Cause.invalid(
                  field,
                  name,
                  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters"
                      + " or '-', and must start and end with an alphanumeric character (e.g."
                      + " 'my-name',  or '123-abc', regex used for validation is '"
                      + LABEL.pattern()
                      + "')"));
        }
      }
      case "Service" -> {
        if (name.length() > 63 || !DNS_1035.matcher(name).matches()) {
          causes.add(
              Cause.invalid(
                  field,
                  name,
                  "a DNS-1035 label must consist of lower case alphanumeric characters or '-',"
                      + " start with an alphabetic character, and end with an alphanumeric"
                      + " character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"
                      + DNS_1035.pattern()
                      + "')"));
        }
      }
      default -> {
        if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
          causes.add(
              Cause.invalid(
                  field,
                  name,
                  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                      + " characters, '-' or '.', and must start and end with an alphanumeric"
                      + " character (e.g. 'example.com', regex used for validation is '"
                      + SUBDOMAIN.pattern()
                      + "')"));
        }
      }
    }
  }

  private static void labels(String field, JsonNode labels, List<Cause> causes) {
    labels
        .fields()
        .forEachRemaining(
            l -> {
              String value = l.getValue().asText();
              if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                causes.add(
                    Cause.invalid(
                        field,
                        value,
                        "a valid label must be an empty string or consist of alphanumeric"
                            + " characters, '-', '_' or '.', and must start and end with an"
                            + " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or"
                            + " '12345', regex used for validation is '"
                            + LABEL_VALUE.pattern()
                            + "')"));
              }
            });
  }

  private static void deployment(JsonNode spec, List<Cause> causes) {
    JsonNode selector = spec.path("selector").path("matchLabels");
    if (selector.isMissingNode() || selector.isEmpty()) {
      causes.add(Cause.required("spec.selector"));
    } else {
      JsonNode labels = spec.at("/template/metadata/labels");
      selector
          .fields()
          .forEachRemaining(
              s -> {
                if (!s.getValue().equals(labels.get(s.getKey()))) {
                  causes.add(
                      Cause.invalid(
                          "spec.template.metadata.labels",
                          labels.toString(),
                          "`selector` does not match template `labels`"));
                }
              });
    }
    JsonNode containers = spec.at("/template/spec/containers");
    if (!containers.isArray() || containers.isEmpty()) {
      causes.add(Cause.required("spec.template.spec.containers"));
    }
    int i = 0;
    for (JsonNode c : containers) {
      String field = "spec.template.spec.containers[" + i++ + "]";
      if (c.path("name").asText().isEmpty()) {
        causes.add(Cause.required(field + ".name"));
      }
      if (c.path("image").asText().isEmpty()) {
        causes.add(Cause.required(field + ".image"));
      }
    }
  }

  private static void service(JsonNode spec, List<Cause> causes) {
    JsonNode ports = spec.path("ports");
    if (!ports.isArray() || ports.isEmpty()) {
      causes.add(Cause.required("spec.ports"));
      return;
    }
    int i = 0;
    for (JsonNode p : ports) {
      int port = p.path("port").asInt(0);
      if (port < 1 || port > 65535) {
        causes.add(
            Cause.invalid(
                "spec.ports[" + i + "].port", port, "must be between 1 and 65535, inclusive"));
      }
      i++;
    }
    String type = spec.path("type").asText("ClusterIP");
    if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
      causes.add(
          new Cause(
              "spec.type",
              "FieldValueNotSupported",
              "Unsupported value: \""
                  + type
                  + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\","
                  + " \"NodePort\""));
    }
  }
}
