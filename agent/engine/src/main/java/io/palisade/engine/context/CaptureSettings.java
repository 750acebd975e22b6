package io.palisade.engine.context;

import io.palisade.policy.IpRange;

import io.palisade.policy.Policy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the policy says about reading requests: the body size cap and the trusted proxies. */
public final class CaptureSettings {
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  private static final CaptureSettings DEFAULTS =
      new CaptureSettings(DEFAULT_MAX_BODY_BYTES, Collections.<IpRange>emptyList());

  private final int maxBodyBytes;
  private final List<IpRange> trustedProxies;

  CaptureSettings(int maxBodyBytes, List<IpRange> trustedProxies) {
    this.maxBodyBytes = maxBodyBytes;
    this.trustedProxies = trustedProxies;
  }

  public static CaptureSettings defaults() {
    return DEFAULTS;
  }

  /** The policy's settings; the loader has validated every CIDR already. */
  public static CaptureSettings from(Policy policy) {
    List<IpRange> proxies = new ArrayList<>();
    for (String proxy : policy.trustedProxies()) {
      proxies.add(IpRange.parse(proxy));
    }
    return new CaptureSettings(policy.maxBodyBytes(), Collections.unmodifiableList(proxies));
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public List<IpRange> trustedProxies() {
    return trustedProxies;
  }
}
