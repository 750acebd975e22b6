package io.palisade.audit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the audit log is written: the policy's {@code audit} section. Immutable; build with
 * {@link #builder()}.
 */
public final class AuditSettings {

  public static final int DEFAULT_MAX_VALUE_LENGTH = 256;
  public static final int DEFAULT_MAX_FILES = 5;
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;
  /** How many times a failed batch is retried before its events are printed to stderr instead. */
  static final int DEFAULT_WRITE_RETRIES = 3;

  /** Opens the log file for appending. Package-private so tests can inject failures. */
  interface StreamOpener {
    OutputStream open(Path path) throws IOException;
  }

  static final StreamOpener DEFAULT_OPENER =
      path -> {
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        // FileOutputStream, not Files.newOutputStream: the latter is an interruptible channel that
        // a producer thread with its interrupt flag set would close on the synchronous path.
        return new FileOutputStream(path.toFile(), true);
      };

  private final Path path;
  private final Set<String> redact;
  private final int maxValueLength;
  private final long rotateBytes;
  private final int maxFiles;
  private final int queueCapacity;
  private final int writeRetries;
  private final StreamOpener opener;
  private final Runnable beforeBatch;
  private final long rotateIntervalMillis;
  private final boolean copyToStdout;

  private AuditSettings(Builder b) {
    this.rotateIntervalMillis = b.rotateIntervalMillis;
    this.copyToStdout = b.copyToStdout;
    this.path = b.path.toAbsolutePath().normalize();
    this.redact = Collections.unmodifiableSet(new LinkedHashSet<>(b.redact));
    this.maxValueLength = b.maxValueLength;
    this.rotateBytes = b.rotateBytes;
    this.maxFiles = b.maxFiles;
    this.queueCapacity = b.queueCapacity;
    this.writeRetries = b.writeRetries;
    this.opener = b.opener;
    this.beforeBatch = b.beforeBatch;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The log file, absolute and normalised. */
  public Path path() {
    return path;
  }

  /** The policy's extra secret names, lower-cased (the built-in names are in {@link Redaction}). */
  public Set<String> redact() {
    return redact;
  }

  public int maxValueLength() {
    return maxValueLength;
  }

  /** Rotate when the file would exceed this many bytes; 0 means never. */
  public long rotateBytes() {
    return rotateBytes;
  }

  /** How many rotated files ({@code x.jsonl.1} .. {@code x.jsonl.N}) are kept besides the live one. */
  public int maxFiles() {
    return maxFiles;
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  /** Rotate the file once it is older than this many milliseconds (checked when writing); 0 means never. */
  public long rotateIntervalMillis() {
    return rotateIntervalMillis;
  }

  /** Whether every line is also printed to stdout, for container log collectors. */
  public boolean copyToStdout() {
    return copyToStdout;
  }

  /** These settings with other redaction names and value length: what a reloaded policy may change at once. */
  public AuditSettings withFormatting(Collection<String> redactNames, int maxValueLength) {
    Builder b = new Builder();
    b.path = path;
    b.redact(redactNames);
    b.maxValueLength(maxValueLength);
    b.rotateBytes = rotateBytes;
    b.maxFiles = maxFiles;
    b.queueCapacity = queueCapacity;
    b.writeRetries = writeRetries;
    b.opener = opener;
    b.beforeBatch = beforeBatch;
    b.rotateIntervalMillis = rotateIntervalMillis;
    b.copyToStdout = copyToStdout;
    return new AuditSettings(b);
  }

  int writeRetries() {
    return writeRetries;
  }

  StreamOpener opener() {
    return opener;
  }

  /** Test hook: run by the writer thread before each batch, outside the file lock. */
  Runnable beforeBatch() {
    return beforeBatch;
  }

  @Override
  public String toString() {
    return "AuditSettings{path=" + path + ", redact=" + redact + ", maxValueLength=" + maxValueLength
        + ", rotateBytes=" + rotateBytes + ", maxFiles=" + maxFiles + ", queueCapacity="
        + queueCapacity + "}";
  }

  public static final class Builder {
    private Path path;
    private final Set<String> redact = new LinkedHashSet<>();
    private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;
    private long rotateBytes;
    private int maxFiles = DEFAULT_MAX_FILES;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int writeRetries = DEFAULT_WRITE_RETRIES;
    private StreamOpener opener = DEFAULT_OPENER;
    private Runnable beforeBatch;
    private long rotateIntervalMillis;
    private boolean copyToStdout;

    private Builder() {}

    /** Rotate once the live file is older than this (checked when an event is written); 0 (the default) means never. */
    public Builder rotateIntervalMillis(long rotateIntervalMillis) {
      if (rotateIntervalMillis < 0) {
        throw new IllegalArgumentException("rotateIntervalMillis must be 0 (never) or positive, was " + rotateIntervalMillis);
      }
      this.rotateIntervalMillis = rotateIntervalMillis;
      return this;
    }

    /** Also print every line to stdout (a second sink for container log collectors); default off. */
    public Builder copyToStdout(boolean copyToStdout) {
      this.copyToStdout = copyToStdout;
      return this;
    }

    /** Required: the JSON Lines file. Relative paths resolve against the working directory. */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Extra secret names (parameters, headers, cookies), matched case-insensitively. Replaces earlier calls. */
    public Builder redact(Collection<String> names) {
      redact.clear();
      if (names != null) {
        for (String name : names) {
          if (name != null && !name.trim().isEmpty()) {
            redact.add(name.trim().toLowerCase(Locale.ROOT));
          }
        }
      }
      return this;
    }

    /** Longest {@code input.value} and {@code sink.target} kept, in chars; default 256; at least 1. */
    public Builder maxValueLength(int maxValueLength) {
      if (maxValueLength < 1) {
        throw new IllegalArgumentException("maxValueLength must be at least 1, was " + maxValueLength);
      }
      this.maxValueLength = maxValueLength;
      return this;
    }

    /** Rotate when the file would exceed this many bytes; 0 (the default) means never. */
    public Builder rotateBytes(long rotateBytes) {
      if (rotateBytes < 0) {
        throw new IllegalArgumentException("rotateBytes must be 0 (never) or positive, was " + rotateBytes);
      }
      this.rotateBytes = rotateBytes;
      return this;
    }

    /** Rotated files kept ({@code x.jsonl.1} .. {@code x.jsonl.N}); default 5; at least 1. */
    public Builder maxFiles(int maxFiles) {
      if (maxFiles < 1) {
        throw new IllegalArgumentException("maxFiles must be at least 1, was " + maxFiles);
      }
      this.maxFiles = maxFiles;
      return this;
    }

    /** Events waiting for the writer thread before producers wait; default 8192; at least 1. */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    Builder writeRetries(int writeRetries) {
      if (writeRetries < 0) {
        throw new IllegalArgumentException("writeRetries must not be negative, was " + writeRetries);
      }
      this.writeRetries = writeRetries;
      return this;
    }

    Builder opener(StreamOpener opener) {
      this.opener = Objects.requireNonNull(opener, "opener");
      return this;
    }

    Builder beforeBatch(Runnable beforeBatch) {
      this.beforeBatch = beforeBatch;
      return this;
    }

    public AuditSettings build() {
      if (path == null) {
        throw new IllegalStateException("AuditSettings needs a path");
      }
      return new AuditSettings(this);
    }
  }
}
