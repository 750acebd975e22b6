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
            DEFAULT_MAX_VALUE_LENGTH, DEFAULT_ROTATE_BYTES, DEFAULT_MAX_FILES, DEFAULT_QUEUE_CAPACITY);

    private final String path;
    private final List<String> redact;
    private final int maxValueLength;
    private final long rotateBytes;
    private final int maxFiles;
    private final int queueCapacity;

    public AuditConfig(String path, List<String> redact, int maxValueLength, long rotateBytes, int maxFiles, int queueCapacity) {
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

    @Override
    public String toString() {
        return "AuditConfig{path=" + path + ", redact=" + redact + ", maxValueLength=" + maxValueLength
                + ", rotateBytes=" + rotateBytes + ", maxFiles=" + maxFiles + ", queueCapacity=" + queueCapacity + "}";
    }
}
