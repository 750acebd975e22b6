package io.palisade.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Where and how audit events are written. */
public final class AuditConfig {
    public static final String DEFAULT_PATH = "palisade-audit.jsonl";
    public static final int DEFAULT_MAX_VALUE_LENGTH = 256;
    public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 5;
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;

    private static final AuditConfig DEFAULT = new AuditConfig(DEFAULT_PATH, Collections.<String>emptyList(),
            DEFAULT_MAX_VALUE_LENGTH, DEFAULT_ROTATE_BYTES, DEFAULT_MAX_FILES, DEFAULT_QUEUE_CAPACITY, 0L, false, true);

    private final String path;
    private final List<String> redact;
    private final int maxValueLength;
    private final long rotateBytes;
    private final int maxFiles;
    private final int queueCapacity;
    private final long rotateIntervalMillis;
    private final boolean stdout;
    private final boolean aggregateRepeats;

    public AuditConfig(String path, List<String> redact, int maxValueLength, long rotateBytes, int maxFiles, int queueCapacity) {
        this(path, redact, maxValueLength, rotateBytes, maxFiles, queueCapacity, 0L, false, true);
    }

    public AuditConfig(String path, List<String> redact, int maxValueLength, long rotateBytes, int maxFiles, int queueCapacity,
                       long rotateIntervalMillis, boolean stdout, boolean aggregateRepeats) {
        this.rotateIntervalMillis = rotateIntervalMillis;
        this.stdout = stdout;
        this.aggregateRepeats = aggregateRepeats;
        this.path = path == null ? DEFAULT_PATH : path;
        this.redact = redact == null ? Collections.<String>emptyList() : Collections.unmodifiableList(new ArrayList<>(redact));
        this.maxValueLength = maxValueLength;
        this.rotateBytes = rotateBytes;
        this.maxFiles = maxFiles;
        this.queueCapacity = queueCapacity;
    }

    /** Every setting at its default. */
    public static AuditConfig defaults() {
        return DEFAULT;
    }

    /** The audit log file; default {@value #DEFAULT_PATH}. */
    public String path() {
        return path;
    }

    /** Names of parameters, headers and cookies whose values are never logged (as written in the policy; compare case-insensitively). */
    public List<String> redact() {
        return redact;
    }

    /** Whether a parameter, header or cookie name is in {@link #redact()}, ignoring case. */
    public boolean isRedacted(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (String r : redact) {
            if (r.toLowerCase(Locale.ROOT).equals(n)) {
                return true;
            }
        }
        return false;
    }

    /** Longest value logged, in characters; default 256. */
    public int maxValueLength() {
        return maxValueLength;
    }

    /** Rotation size in bytes; 0 = no rotation; default 64 MiB. */
    public long rotateBytes() {
        return rotateBytes;
    }

    /** Rotated files kept; default 5. */
    public int maxFiles() {
        return maxFiles;
    }

    /** In-memory event queue size; default 8192. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** {@code rotate_interval} in milliseconds; 0 = no time-based rotation (the default). */
    public long rotateIntervalMillis() {
        return rotateIntervalMillis;
    }

    /** {@code stdout}: every line also goes to stdout; default false. */
    public boolean stdout() {
        return stdout;
    }

    /** {@code aggregate_repeats}: repeated findings within a second become one counted event; default true. */
    public boolean aggregateRepeats() {
        return aggregateRepeats;
    }

    /** Milliseconds of an interval such as {@code 90s}, {@code 15m}, {@code 6h}, {@code 1d} (the schema checked its form). */
    public static long parseInterval(String text) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
            case 's': return n * 1000L;
            case 'm': return n * 60_000L;
            case 'h': return n * 3_600_000L;
            case 'd': return n * 86_400_000L;
            default: throw new IllegalArgumentException("not an interval: " + text);
        }
    }

    @Override
    public String toString() {
        return "AuditConfig{path=" + path + ", redact=" + redact + ", maxValueLength=" + maxValueLength
                + ", rotateBytes=" + rotateBytes + ", maxFiles=" + maxFiles + ", queueCapacity=" + queueCapacity + ", rotateIntervalMillis=" + rotateIntervalMillis
                + ", stdout=" + stdout + ", aggregateRepeats=" + aggregateRepeats + "}";
    }
}
