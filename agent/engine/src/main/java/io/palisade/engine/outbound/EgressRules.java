package io.palisade.engine.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.policy.Policy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The egress policy of {@code detectors.ssrf}: hosts that may never be reached, hosts that may be
 * reached (when the list is set, the only ones), and whether plain http to external hosts is refused.
 * It applies whatever the source of the URL.
 */
final class EgressRules {
  static final EgressRules NONE = new EgressRules(Collections.<HostPattern>emptyList(), Collections.<HostPattern>emptyList(), false);

  private final List<HostPattern> allow;
  private final List<HostPattern> deny;
  private final boolean requireTls;

  private EgressRules(List<HostPattern> allow, List<HostPattern> deny, boolean requireTls) {
    this.allow = allow;
    this.deny = deny;
    this.requireTls = requireTls;
  }

  static EgressRules from(Policy policy) {
    JsonNode options = policy.detectorOptions(OutboundCheck.DETECTOR);
    List<HostPattern> allow = patterns(options.get("allow_hosts"));
    List<HostPattern> deny = patterns(options.get("deny_hosts"));
    boolean requireTls = options.path("require_tls").asBoolean(false) || options.path("deny_plain_http_external").asBoolean(false);
    if (allow.isEmpty() && deny.isEmpty() && !requireTls) {
      return NONE;
    }
    return new EgressRules(allow, deny, requireTls);
  }

  private static List<HostPattern> patterns(JsonNode list) {
    if (list == null || !list.isArray()) {
      return Collections.emptyList();
    }
    List<HostPattern> patterns = new ArrayList<>();
    for (JsonNode entry : list) {
      if (entry.isTextual() && !entry.asText().trim().isEmpty()) {
        patterns.add(HostPattern.parse(entry.asText()));
      }
    }
    return Collections.unmodifiableList(patterns);
  }

  boolean isEmpty() {
    return allow.isEmpty() && deny.isEmpty() && !requireTls;
  }

  boolean requireTls() {
    return requireTls;
  }

  boolean hasAllowList() {
    return !allow.isEmpty();
  }

  /** The deny entry the host matches, or null. {@code addresses} is asked only when a network entry needs it. */
  HostPattern denied(String host, Supplier<List<byte[]>> addresses) {
    return firstMatch(deny, host, addresses);
  }

  /** The allow entry the host matches, or null. */
  HostPattern allowed(String host, Supplier<List<byte[]>> addresses) {
    return firstMatch(allow, host, addresses);
  }

  private static HostPattern firstMatch(List<HostPattern> patterns, String host, Supplier<List<byte[]>> addresses) {
    for (HostPattern pattern : patterns) {
      if (!pattern.isNetwork() && pattern.matchesName(host)) {
        return pattern;
      }
    }
    for (HostPattern pattern : patterns) {
      if (pattern.isNetwork() && pattern.matchesAny(addresses.get())) {
        return pattern;
      }
    }
    return null;
  }
}
