package io.palisade.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One finding or lifecycle event, as a security reviewer reads it (DESIGN section 4). Immutable.
 * Values are held as the engine saw them; {@link AuditLog#write} redacts and truncates them when it
 * serializes the event. Build with {@link #builder()}.
 */
public final class AuditEvent {

  public static final String TYPE_FINDING = "finding";
  public static final String TYPE_POLICY_ERROR = "policy_error";
  public static final String TYPE_POLICY_LOADED = "policy_loaded";
  public static final String TYPE_POLICY_CHANGED = "policy_changed";
  public static final String TYPE_POLICY_REJECTED = "policy_rejected";

  public static final String ACTION_BLOCKED = "blocked";
  public static final String ACTION_MONITORED = "monitored";

  private final Instant timestamp;
  private final String eventId;
  private final String eventType;
  private final String detector;
  private final String action;
  private final String severity;
  private final String cwe;

  private final boolean hasPolicy;
  private final String policyName;
  private final String policySha256;

  private final boolean hasRequest;
  private final String requestMethod;
  private final String requestPath;
  private final String clientIp;
  private final String user;

  private final boolean hasInput;
  private final String inputSource;
  private final String inputName;
  private final String inputValue;
  private final String inputPart;
  private final String inputDecoding;
  private final String peerIp;
  private final String forwardedIgnored;

  private final boolean hasSink;
  private final String sinkKind;
  private final String sinkMethod;
  private final String sinkTarget;

  private final String reason;
  private final List<String> stack;

  private final boolean hasService;
  private final String serviceName;
  private final String serviceHost;
  private final Long servicePid;

  private final String agentVersion;
  private final Boolean responseCommitted;
  private final List<Map<String, String>> errors;
  private final List<String> secretValues;
  private final String previousPolicyName;
  private final String previousPolicySha256;
  private final Long count;
  private final Instant firstSeen;
  private final Map<String, String> access;

  private AuditEvent(Builder b) {
    this.timestamp = b.timestamp != null ? b.timestamp : Instant.now();
    this.eventId = b.eventId != null ? b.eventId : UUID.randomUUID().toString();
    this.eventType = b.eventType != null ? b.eventType : TYPE_FINDING;
    this.detector = b.detector;
    this.action = b.action;
    this.severity = b.severity;
    this.cwe = b.cwe;
    this.hasPolicy = b.hasPolicy;
    this.policyName = b.policyName;
    this.policySha256 = b.policySha256;
    this.hasRequest = b.hasRequest;
    this.requestMethod = b.requestMethod;
    this.requestPath = b.requestPath;
    this.clientIp = b.clientIp;
    this.user = b.user;
    this.hasInput = b.hasInput;
    this.inputSource = b.inputSource;
    this.inputName = b.inputName;
    this.inputValue = b.inputValue;
    this.inputPart = b.inputPart;
    this.inputDecoding = b.inputDecoding;
    this.peerIp = b.peerIp;
    this.forwardedIgnored = b.forwardedIgnored;
    this.hasSink = b.hasSink;
    this.sinkKind = b.sinkKind;
    this.sinkMethod = b.sinkMethod;
    this.sinkTarget = b.sinkTarget;
    this.reason = b.reason;
    this.stack = b.stack;
    this.hasService = b.hasService;
    this.serviceName = b.serviceName;
    this.serviceHost = b.serviceHost;
    this.servicePid = b.servicePid;
    this.agentVersion = b.agentVersion;
    this.responseCommitted = b.responseCommitted;
    this.errors = b.errors;
    this.secretValues = b.secretValues;
    this.previousPolicyName = b.previousPolicyName;
    this.previousPolicySha256 = b.previousPolicySha256;
    this.count = b.count;
    this.firstSeen = b.firstSeen;
    this.access = b.access;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Instant timestamp() { return timestamp; }
  public String eventId() { return eventId; }
  public String eventType() { return eventType; }
  public String detector() { return detector; }
  public String action() { return action; }
  public String severity() { return severity; }
  public String cwe() { return cwe; }
  public boolean hasPolicy() { return hasPolicy; }
  public String policyName() { return policyName; }
  public String policySha256() { return policySha256; }
  public boolean hasRequest() { return hasRequest; }
  public String requestMethod() { return requestMethod; }
  public String requestPath() { return requestPath; }
  public String clientIp() { return clientIp; }
  /** The authenticated principal's name, or null when unknown. */
  public String user() { return user; }
  public boolean hasInput() { return hasInput; }
  public String inputSource() { return inputSource; }
  public String inputName() { return inputName; }
  /** The raw (unredacted, untruncated) value; the log only ever holds its redacted form. */
  public String inputValue() { return inputValue; }
  public String inputPart() { return inputPart; }
  public String inputDecoding() { return inputDecoding; }
  public String peerIp() { return peerIp; }
  public String forwardedIgnored() { return forwardedIgnored; }
  public boolean hasSink() { return hasSink; }
  public String sinkKind() { return sinkKind; }
  public String sinkMethod() { return sinkMethod; }
  /** The raw (unredacted, untruncated) target; the log only ever holds its redacted form. */
  public String sinkTarget() { return sinkTarget; }
  public String reason() { return reason; }
  /** Never null; empty when not set. */
  public List<String> stack() { return stack; }
  public boolean hasService() { return hasService; }
  public String serviceName() { return serviceName; }
  public String serviceHost() { return serviceHost; }
  /** Null when not set. */
  public Long servicePid() { return servicePid; }
  public String agentVersion() { return agentVersion; }
  /** Null when not set (then omitted from the log). */
  public Boolean responseCommitted() { return responseCommitted; }
  /** Null when not set (then omitted from the log); each map is {@code file}, {@code pointer}, {@code reason}. */
  public List<Map<String, String>> errors() { return errors; }

  /** The policy replaced by a {@code policy_changed} event (name and hash), or in force at a {@code policy_rejected} one; null when none. */
  public String previousPolicySha256() { return previousPolicySha256; }

  public String previousPolicyName() { return previousPolicyName; }

  /** How many findings an aggregated event stands for; null for an ordinary event (one). */
  public Long count() { return count; }

  /** The first of the findings an aggregated event stands for; null for an ordinary event. */
  public Instant firstSeen() { return firstSeen; }
  /** Values that must never appear in the log; never serialized. Never null. */
  public List<String> secretValues() { return secretValues; }
  /** On access refusals: the rule, the requirement and the caller's non-secret identity; null otherwise. */
  public Map<String, String> access() { return access; }

  @Override
  public String toString() {
    // Deliberately without values: an event may be logged by mistake.
    return "AuditEvent{" + eventType + " " + eventId + " " + detector + " " + action + "}";
  }

  /** Not thread-safe; every setter returns the builder. Null clears an optional value. */
  public static final class Builder {
    private Instant timestamp;
    private String eventId;
    private String eventType;
    private String detector;
    private String action;
    private String severity;
    private String cwe;
    private boolean hasPolicy;
    private String policyName;
    private String policySha256;
    private boolean hasRequest;
    private String requestMethod;
    private String requestPath;
    private String clientIp;
    private String user;
    private boolean hasInput;
    private String inputSource;
    private String inputName;
    private String inputValue;
    private String inputPart;
    private String inputDecoding;
    private String peerIp;
    private String forwardedIgnored;
    private boolean hasSink;
    private String sinkKind;
    private String sinkMethod;
    private String sinkTarget;
    private String reason;
    private List<String> stack = Collections.emptyList();
    private boolean hasService;
    private String serviceName;
    private String serviceHost;
    private Long servicePid;
    private String agentVersion;
    private Boolean responseCommitted;
    private List<Map<String, String>> errors;
    private List<String> secretValues = Collections.emptyList();
    private String previousPolicyName;
    private String previousPolicySha256;
    private Long count;
    private Instant firstSeen;
    private Map<String, String> access;

    private Builder() {}

    /** The policy in force before a {@code policy_changed} event, or still in force at a {@code policy_rejected} one. */
    public Builder previousPolicy(String name, String sha256) {
      this.previousPolicyName = name;
      this.previousPolicySha256 = sha256;
      return this;
    }

    /**
     * Marks the event as an aggregate of {@code count} repeated findings, the first of which happened
     * at {@code firstSeen} (the event's timestamp is the last one).
     */
    public Builder repeats(long count, Instant firstSeen) {
      this.count = count;
      this.firstSeen = firstSeen;
      return this;
    }

    /** Default: {@code Instant.now()} at {@link #build()}. */
    public Builder timestamp(Instant timestamp) { this.timestamp = timestamp; return this; }

    /** Default: a random UUID generated at {@link #build()}. */
    public Builder eventId(String eventId) { this.eventId = eventId; return this; }

    /** {@code finding} (the default), {@code policy_error} or {@code policy_loaded}. */
    public Builder eventType(String eventType) { this.eventType = eventType; return this; }

    public Builder detector(String detector) { this.detector = detector; return this; }

    /** {@code blocked} or {@code monitored}. */
    public Builder action(String action) { this.action = action; return this; }

    public Builder severity(String severity) { this.severity = severity; return this; }

    public Builder cwe(String cwe) { this.cwe = cwe; return this; }

    public Builder policy(String name, String sha256) {
      this.hasPolicy = true;
      this.policyName = name;
      this.policySha256 = sha256;
      return this;
    }

    /** {@code user} may be null (unknown); it is then written as JSON null. */
    public Builder request(String method, String path, String clientIp, String user) {
      this.hasRequest = true;
      this.requestMethod = method;
      this.requestPath = path;
      this.clientIp = clientIp;
      this.user = user;
      return this;
    }

    /** {@code source}: parameter, header, cookie, path or body. */
    public Builder input(String source, String name, String value) {
      this.hasInput = true;
      this.inputSource = source;
      this.inputName = name;
      this.inputValue = value;
      return this;
    }

    /**
     * How the value was found: {@code part} is "name" when the payload was a parameter name or a
     * JSON key (null: the value itself); {@code decoding} is "url" or "base64" when only the
     * decoded value reached the sink (null: the raw value).
     */
    public Builder inputDetail(String part, String decoding) {
      this.inputPart = part;
      this.inputDecoding = decoding;
      return this;
    }

    /**
     * The socket peer when it differs from the client IP (a trusted proxy forwarded the request),
     * and a forwarded-for value that was ignored because the peer is not a trusted proxy.
     */
    public Builder clientOrigin(String peerIp, String forwardedIgnored) {
      this.peerIp = peerIp;
      this.forwardedIgnored = forwardedIgnored;
      return this;
    }

    public Builder sink(String kind, String method, String target) {
      this.hasSink = true;
      this.sinkKind = kind;
      this.sinkMethod = method;
      this.sinkTarget = target;
      return this;
    }

    public Builder reason(String reason) { this.reason = reason; return this; }

    /** The application's frames, trimmed, e.g. {@code com.example.BookServlet.doGet(BookServlet.java:42)}. */
    public Builder stack(List<String> stack) {
      this.stack = copyNonNull(stack);
      return this;
    }

    public Builder service(String name, String host, long pid) {
      this.hasService = true;
      this.serviceName = name;
      this.serviceHost = host;
      this.servicePid = pid;
      return this;
    }

    /** The service without a process id. */
    public Builder service(String name, String host) {
      this.hasService = true;
      this.serviceName = name;
      this.serviceHost = host;
      this.servicePid = null;
      return this;
    }

    public Builder agentVersion(String agentVersion) { this.agentVersion = agentVersion; return this; }

    public Builder responseCommitted(Boolean responseCommitted) {
      this.responseCommitted = responseCommitted;
      return this;
    }

    /** Policy errors, each with {@code file}, {@code pointer} and {@code reason}; null omits the field. */
    public Builder errors(List<Map<String, String>> errors) {
      if (errors == null) {
        this.errors = null;
        return this;
      }
      List<Map<String, String>> copy = new ArrayList<>(errors.size());
      for (Map<String, String> e : errors) {
        if (e != null) {
          copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(e)));
        }
      }
      this.errors = Collections.unmodifiableList(copy);
      return this;
    }

    /** Adds one policy error. */
    public Builder error(String file, String pointer, String reason) {
      Map<String, String> e = new LinkedHashMap<>();
      e.put("file", file);
      e.put("pointer", pointer);
      e.put("reason", reason);
      List<Map<String, String>> copy = errors == null ? new ArrayList<>() : new ArrayList<>(errors);
      copy.add(Collections.unmodifiableMap(e));
      this.errors = Collections.unmodifiableList(copy);
      return this;
    }

    /**
     * Values that must never appear in the log, e.g. the values of the request's secret-named inputs.
     * Every occurrence inside {@code sink.target}, {@code reason} and {@code input.value} is replaced.
     */
    public Builder secretValues(Collection<String> secretValues) {
      this.secretValues = copyNonNull(secretValues);
      return this;
    }

    /**
     * On access refusals: {@code rule}, {@code requirement}, {@code status}, and what identifies the
     * caller without a secret ({@code key_label}, {@code sub}, {@code jti}, {@code principal}).
     */
    public Builder access(Map<String, String> access) {
      this.access = access == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(access));
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(this);
    }

    private static List<String> copyNonNull(Collection<String> values) {
      if (values == null || values.isEmpty()) {
        return Collections.emptyList();
      }
      List<String> copy = new ArrayList<>(values.size());
      for (String v : values) {
        if (v != null) {
          copy.add(v);
        }
      }
      return Collections.unmodifiableList(copy);
    }
  }
}
