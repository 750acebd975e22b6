package io.palisade.audit;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The audit log: a JSON Lines file written by one background thread that never drops an event.
 *
 * <p>{@link #write} redacts, truncates and serializes the event on the caller's thread, then
 * enqueues the line on a bounded queue; when the queue is full the caller waits (and the wait is
 * counted). The daemon thread {@value #THREAD_NAME} writes the queued lines in batches, one line per
 * event, rotating the file as the settings say. A failed write is counted, reported once on stderr,
 * and retried on the next batch with the file reopened; events that still cannot be written after
 * a few retries are printed to stderr as JSON lines. After {@link #close()}, {@link #write} writes
 * synchronously, so events raised during JVM shutdown still reach the file.
 */
public final class AuditLog implements Closeable {

  public static final String THREAD_NAME = "palisade-audit-writer";

  private static final String PREFIX = "[palisade] ";
  private static final Object STOP = new Object();
  private static final Object MISSING = new Object();
  private static final int MAX_BATCH = 4096;
  private static final long FIRST_RETRY_DELAY_MILLIS = 50;
  private static final long MAX_RETRY_DELAY_MILLIS = 1000;

  /** A snapshot of the log's counters. */
  public static final class Stats {
    private final long written;
    private final long producerWaits;
    private final long writeFailures;
    private final long printedToStderr;

    Stats(long written, long producerWaits, long writeFailures, long printedToStderr) {
      this.written = written;
      this.producerWaits = producerWaits;
      this.writeFailures = writeFailures;
      this.printedToStderr = printedToStderr;
    }

    /** Events written to the log file. */
    public long written() { return written; }

    /** How many {@link AuditLog#write} calls found the queue full and had to wait. */
    public long producerWaits() { return producerWaits; }

    /** Failed attempts to write to the log file (each failed batch or synchronous write counts once). */
    public long writeFailures() { return writeFailures; }

    /** Events that could not be written to the file and were printed to stderr instead. */
    public long printedToStderr() { return printedToStderr; }

    @Override
    public String toString() {
      return "Stats{written=" + written + ", producerWaits=" + producerWaits + ", writeFailures="
          + writeFailures + ", printedToStderr=" + printedToStderr + "}";
    }
  }

  private final AuditSettings settings;
  /** Redaction and value length in force; a reloaded policy may change them while the log runs. */
  private volatile AuditSettings formatting;
  private final Path path;
  private final BlockingQueue<Object> queue;
  private final Thread writer;

  /** Producers hold the read side while they enqueue; close() takes the write side to set closed. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong producerWaits = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong printedToStderr = new AtomicLong();

  /** Lines accepted onto the queue, and lines the writer has finished with (written or printed). */
  private final AtomicLong accepted = new AtomicLong();
  private final Object progress = new Object();
  private long handled; // guarded by progress
  private boolean writerDone; // guarded by progress

  // File state, guarded by ioLock (the writer thread and synchronous writers share the file).
  private final Object ioLock = new Object();
  private OutputStream out;
  private Object fileKey;
  private long size;
  private long noRotationBefore;
  private long openedAtMillis;
  private boolean failing;
  private boolean released;

  private Thread shutdownHook; // guarded by this

  private AuditLog(AuditSettings settings) {
    this.settings = settings;
    this.formatting = settings;
    this.path = settings.path();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.writer = new Thread(this::runWriter, THREAD_NAME);
    this.writer.setDaemon(true);
  }

  /**
   * Opens (creating missing parent directories) the log for appending and starts the writer thread.
   *
   * @throws AuditLogException when the file cannot be opened for writing; the message names the
   *     absolute path and the cause
   */
  public static AuditLog open(AuditSettings settings) throws AuditLogException {
    AuditLog log = new AuditLog(settings);
    synchronized (log.ioLock) {
      try {
        log.openFile();
      } catch (IOException | RuntimeException e) {
        throw new AuditLogException(
            "Palisade cannot write its audit log " + log.path + ": " + describe(e), e);
      }
    }
    log.writer.start();
    return log;
  }

  /** The settings this log was opened with. */
  public AuditSettings settings() {
    return settings;
  }

  /** From now on, redact these names and truncate values at this length (a reloaded policy's audit section). */
  public void updateFormatting(java.util.Collection<String> redactNames, int maxValueLength) {
    formatting = settings.withFormatting(redactNames, maxValueLength);
  }

  /** Events waiting for the writer thread. */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * Redacts, truncates, serializes and enqueues the event; waits when the queue is full. Never
   * throws. After {@link #close()}, or when the waiting thread is interrupted (its interrupt flag is
   * restored), the event is written synchronously instead.
   */
  public void write(AuditEvent event) {
    if (event == null) {
      return;
    }
    byte[] line;
    try {
      line = (AuditJson.toJson(event, formatting) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      writeFailures.incrementAndGet();
      stderr("cannot serialize audit event " + event.eventId() + " (" + event.eventType() + ", "
          + event.detector() + "): " + e);
      return;
    }
    Lock r = gate.readLock();
    r.lock();
    try {
      if (!closed) {
        accepted.incrementAndGet();
        if (queue.offer(line)) {
          return;
        }
        producerWaits.incrementAndGet();
        try {
          queue.put(line);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          writeSynchronously(line);
          markHandled(1);
          return;
        }
      }
    } finally {
      r.unlock();
    }
    writeSynchronously(line);
  }

  /**
   * Blocks until every event enqueued before this call has been written to the file (or, when the
   * file cannot be written, printed to stderr). Returns early, with the interrupt flag set, if the
   * calling thread is interrupted.
   */
  public void flush() {
    long target = accepted.get();
    synchronized (progress) {
      while (handled < target && !writerDone) {
        try {
          progress.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    synchronized (ioLock) {
      if (out != null) {
        try {
          out.flush();
        } catch (IOException ignored) {
          // The next write reports it.
        }
      }
    }
  }

  /**
   * Drains the queue, writes and flushes everything, stops the writer thread and closes the file.
   * Idempotent. Later {@link #write} calls write synchronously.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    boolean first;
    Lock w = gate.writeLock();
    w.lock();
    try {
      first = !closed;
      closed = true;
    } finally {
      w.unlock();
    }
    if (first) {
      // No producer can enqueue any more; STOP is the last element the writer sees.
      while (true) {
        try {
          queue.put(STOP);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    while (writer.isAlive() && Thread.currentThread() != writer) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    synchronized (ioLock) {
      released = true;
      closeFile(true);
    }
    synchronized (this) {
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException ignored) {
          // The JVM is already shutting down; the hook finds the log closed.
        }
        shutdownHook = null;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the log when the JVM exits, so queued events reach the file. Idempotent. */
  public synchronized void registerShutdownHook() {
    if (shutdownHook != null || closed) {
      return;
    }
    Thread hook = new Thread(this::close, "palisade-audit-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      shutdownHook = hook;
    } catch (IllegalStateException e) {
      // Already shutting down: nothing to register; write() still works synchronously after close.
    }
  }

  public Stats stats() {
    return new Stats(written.get(), producerWaits.get(), writeFailures.get(), printedToStderr.get());
  }

  boolean writerAlive() {
    return writer.isAlive();
  }

  // ---------------------------------------------------------------------------------------------
  // Writer thread

  private void runWriter() {
    List<byte[]> pending = new ArrayList<>();
    List<Object> drained = new ArrayList<>();
    int failedAttempts = 0;
    boolean stop = false;
    try {
      while (!stop || !pending.isEmpty()) {
        try {
          if (!stop) {
            Object first =
                pending.isEmpty()
                    ? queue.take()
                    : queue.poll(retryDelayMillis(failedAttempts), TimeUnit.MILLISECONDS);
            if (first != null) {
              drained.add(first);
              queue.drainTo(drained, MAX_BATCH);
            }
            for (Object o : drained) {
              if (o == STOP) {
                stop = true;
              } else {
                pending.add((byte[]) o);
              }
            }
            drained.clear();
          }
          if (pending.isEmpty()) {
            continue;
          }
          Runnable hook = settings.beforeBatch();
          if (hook != null) {
            hook.run();
          }
          int before = pending.size();
          int done;
          synchronized (ioLock) {
            done = writeLines(pending);
          }
          pending.subList(0, done).clear();
          if (done == before) {
            failedAttempts = 0;
          } else if (++failedAttempts > settings.writeRetries() || stop) {
            printToStderr(pending);
            done += pending.size();
            pending.clear();
            failedAttempts = 0;
          }
          markHandled(done);
        } catch (InterruptedException e) {
          // Nobody but close() should stop this thread, and close() uses STOP; keep going.
        } catch (Throwable t) {
          // Never let the writer die with events in hand.
          stderr("audit writer failed unexpectedly: " + t);
          int n = pending.size();
          printToStderr(pending);
          pending.clear();
          markHandled(n);
        }
      }
    } finally {
      synchronized (ioLock) {
        if (out != null) {
          try {
            out.flush();
          } catch (IOException ignored) {
            // close() closes it.
          }
        }
      }
      synchronized (progress) {
        writerDone = true;
        progress.notifyAll();
      }
    }
  }

  private static long retryDelayMillis(int failedAttempts) {
    long delay = FIRST_RETRY_DELAY_MILLIS << Math.min(failedAttempts, 10);
    return Math.min(delay, MAX_RETRY_DELAY_MILLIS);
  }

  private void markHandled(int n) {
    if (n == 0) {
      return;
    }
    synchronized (progress) {
      handled += n;
      progress.notifyAll();
    }
  }

  private void writeSynchronously(byte[] line) {
    List<byte[]> one = Collections.singletonList(line);
    synchronized (ioLock) {
      int done = writeLines(one);
      if (done == 0) {
        printToStderr(one);
      }
      if (released) {
        closeFile(false);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // File handling, all under ioLock

  /**
   * Writes lines in order, one write call each, so that a failure leaves no doubt about which lines
   * reached the file. Returns how many were written; fewer than all means the write failed (already
   * counted and reported).
   */
  private int writeLines(List<byte[]> lines) {
    int done = 0;
    try {
      ensureOpen();
      long rotateBytes = settings.rotateBytes();
      long interval = settings.rotateIntervalMillis();
      boolean rotateByTime = interval > 0 && size > 0 && System.currentTimeMillis() - openedAtMillis >= interval;
      for (byte[] line : lines) {
        if ((rotateByTime || (rotateBytes > 0 && size > 0 && size + line.length > rotateBytes))
            && size >= noRotationBefore) {
          rotateByTime = false;
          rotate();
        }
        out.write(line);
        size += line.length;
        done++;
      }
      out.flush();
      if (failing) {
        failing = false;
        stderr("audit log " + path + " is writable again");
      }
    } catch (IOException | RuntimeException e) {
      writeFailures.incrementAndGet();
      if (!failing) {
        failing = true;
        stderr("cannot write the audit log " + path + ": " + describe(e) + "; keeping "
            + (lines.size() - done) + " event(s) and retrying; events that still cannot be written"
            + " will be printed to stderr");
      }
      closeFile(false);
    } finally {
      written.addAndGet(done);
      if (settings.copyToStdout() && done > 0) {
        copyToStdout(lines.subList(0, done));
      }
    }
    return done;
  }

  /** Reopens the file when it is closed, or was deleted or replaced underneath (e.g. by logrotate). */
  private void ensureOpen() throws IOException {
    if (out != null) {
      Object key = currentFileKey();
      if (key == MISSING || (fileKey != null && !fileKey.equals(key))) {
        if (!released) {
          stderr("audit log " + path + " was removed or replaced; reopening it");
        }
        closeFile(false);
      }
    }
    if (out == null) {
      openFile();
    }
  }

  private void openFile() throws IOException {
    if (Files.isDirectory(path)) {
      throw new FileSystemException(null, null, "it is a directory");
    }
    out = settings.opener().open(path);
    Object key = currentFileKey();
    fileKey = key == MISSING ? null : key;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      size = 0;
    }
    noRotationBefore = 0;
    openedAtMillis = createdMillis();
    repairPartialLine();
  }

  /** A crash or a failed write may have left half a line; start ours on a line of its own. */
  private void repairPartialLine() throws IOException {
    if (size <= 0) {
      return;
    }
    int last;
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
      raf.seek(size - 1);
      last = raf.read();
    } catch (IOException e) {
      return;
    }
    if (last != -1 && last != '\n') {
      out.write('\n');
      size++;
    }
  }

  /** When the live file was started (its creation time where the file system keeps one), for time-based rotation. */
  private long createdMillis() {
    long now = System.currentTimeMillis();
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      long created = attributes.creationTime().toMillis();
      return created > 0 && created <= now ? created : now;
    } catch (IOException e) {
      return now;
    }
  }

  /** The second sink: the same lines on stdout, for container log collectors. Never fails the file write. */
  private static void copyToStdout(List<byte[]> lines) {
    java.io.PrintStream stdout = System.out;
    synchronized (stdout) {
      for (byte[] line : lines) {
        stdout.write(line, 0, line.length);
      }
      stdout.flush();
    }
  }

  private Object currentFileKey() {
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return key != null ? key : Boolean.TRUE;
    } catch (IOException e) {
      return MISSING;
    }
  }

  private void rotate() throws IOException {
    closeFile(false);
    int maxFiles = settings.maxFiles();
    try {
      Files.deleteIfExists(rotated(maxFiles));
      for (int i = maxFiles - 1; i >= 1; i--) {
        Path from = rotated(i);
        if (Files.exists(from)) {
          Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Keep writing to the live file rather than lose events; try again after another rotateBytes.
      stderr("cannot rotate audit log " + path + ": " + describe(e) + "; writing on to it");
      openFile();
      noRotationBefore = size + settings.rotateBytes();
      return;
    }
    openFile();
  }

  private Path rotated(int index) {
    return path.resolveSibling(path.getFileName() + "." + index);
  }

  private void closeFile(boolean sync) {
    if (out == null) {
      return;
    }
    try {
      out.flush();
      if (sync && out instanceof java.io.FileOutputStream) {
        ((java.io.FileOutputStream) out).getFD().sync();
      }
    } catch (IOException ignored) {
      // Closing anyway.
    }
    try {
      out.close();
    } catch (IOException ignored) {
      // Nothing more to do.
    }
    out = null;
  }

  private void printToStderr(List<byte[]> lines) {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(PREFIX).append(lines.size()).append(" audit event(s) could not be written to ")
        .append(path).append("; they follow as JSON lines after the prefix\n");
    for (byte[] line : lines) {
      sb.append(PREFIX).append(new String(line, StandardCharsets.UTF_8));
    }
    System.err.print(sb);
    System.err.flush();
    printedToStderr.addAndGet(lines.size());
  }

  private static void stderr(String message) {
    System.err.println(PREFIX + message);
  }

  /** The cause of a file failure in words an operator can act on. */
  static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied" + fileDetail((FileSystemException) e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return ((FileSystemException) e).getFile() + " exists and is not a directory";
    }
    if (e instanceof NotDirectoryException) {
      return ((FileSystemException) e).getFile() + " is not a directory";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory" + fileDetail((FileSystemException) e);
    }
    if (e instanceof FileSystemException) {
      FileSystemException fse = (FileSystemException) e;
      String reason = fse.getReason();
      return reason != null ? lowerFirst(reason) + fileDetail(fse) : String.valueOf(fse.getMessage());
    }
    if (e instanceof FileNotFoundException && e.getMessage() != null) {
      // FileOutputStream: "/var/log/x.jsonl (Permission denied)"
      String m = e.getMessage();
      int open = m.lastIndexOf(" (");
      if (open >= 0 && m.endsWith(")")) {
        return lowerFirst(m.substring(open + 2, m.length() - 1));
      }
      return m;
    }
    String m = e.getMessage();
    return m != null ? m : e.getClass().getSimpleName();
  }

  private static String fileDetail(FileSystemException e) {
    return e.getFile() != null ? " (" + e.getFile() + ")" : "";
  }

  private static String lowerFirst(String s) {
    if (s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1)))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
