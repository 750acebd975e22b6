package io.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<AuditLog> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(AuditLog::close);
  }

  private AuditLog open(AuditSettings.Builder b) throws AuditLogException {
    AuditLog log = AuditLog.open(b.build());
    opened.add(log);
    return log;
  }

  private static AuditEvent event(String id) {
    return AuditEvent.builder()
        .eventId(id)
        .detector("sql_injection")
        .action("monitored")
        .request("GET", "/books", "127.0.0.1", null)
        .input("parameter", "id", "1 OR 1=1")
        .sink("sql", "java.sql.Statement.executeQuery", "SELECT * FROM books WHERE id=1 OR 1=1")
        .build();
  }

  private static List<String> ids(Path file) throws IOException {
    List<String> ids = new ArrayList<>();
    if (!Files.exists(file)) {
      return ids;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      ids.add(JSON.readTree(line).get("event_id").asText());
    }
    return ids;
  }

  @Test
  void flushMakesEventsVisibleAsOneJsonObjectPerLine() throws Exception {
    Path file = dir.resolve("a/b/audit.jsonl"); // parents are created
    AuditLog log = open(AuditSettings.builder().path(file));
    for (int i = 0; i < 100; i++) {
      log.write(event("e" + i));
    }
    log.flush();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("e" + i);
    }
    assertThat(ids(file)).isEqualTo(expected);
    assertThat(log.stats().written()).isEqualTo(100);
    assertThat(log.stats().writeFailures()).isZero();
  }

  @Test
  void writtenEventsAreRedactedAndTruncated() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log =
        open(AuditSettings.builder().path(file).redact(Collections.singletonList("pin")).maxValueLength(10));
    log.write(AuditEvent.builder().eventId("a").input("parameter", "PIN", "123456").build());
    log.write(
        AuditEvent.builder()
            .eventId("b")
            .input("parameter", "user", "x' OR pw='pa55word'")
            .sink("sql", "m", "SELECT 1 WHERE pw='pa55word'")
            .reason("pa55word leaked")
            .secretValues(Collections.singletonList("pa55word"))
            .build());
    log.flush();
    String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertThat(content).doesNotContain("123456").doesNotContain("pa55word");
    List<String> lines = Files.readAllLines(file);
    assertThat(JSON.readTree(lines.get(0)).at("/input/value").asText()).isEqualTo("[REDACTED]");
    assertThat(JSON.readTree(lines.get(1)).at("/input/value").asText()).isEqualTo("x' OR pw='\u2026[+11 chars]");
    assertThat(JSON.readTree(lines.get(1)).at("/reason").asText()).isEqualTo("[REDACTED] leaked");
  }

  @Test
  void manyProducersAgainstATinyQueueWriteEveryEventExactlyOnce() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean firstBatch = new AtomicBoolean(true);
    AuditLog log =
        open(
            AuditSettings.builder()
                .path(file)
                .queueCapacity(4)
                .beforeBatch(
                    () -> {
                      // Hold the writer on its first batch until some producer has had to wait.
                      if (firstBatch.getAndSet(false)) {
                        awaitUninterruptibly(release);
                      }
                    }));
    int threads = 8;
    int perThread = 2500;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int tn = t;
      Thread p =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  log.write(event("t" + tn + "-" + i));
                }
              });
      p.start();
      producers.add(p);
    }
    while (log.stats().producerWaits() == 0) {
      Thread.onSpinWait();
    }
    release.countDown();
    for (Thread p : producers) {
      p.join();
    }
    log.flush();

    List<String> ids = ids(file);
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
    Map<Integer, Integer> lastPerThread = new HashMap<>();
    for (String id : ids) {
      String[] parts = id.substring(1).split("-");
      int t = Integer.parseInt(parts[0]);
      int i = Integer.parseInt(parts[1]);
      // each producer's events appear in the order it wrote them
      assertThat(i).isGreaterThan(lastPerThread.getOrDefault(t, -1));
      lastPerThread.put(t, i);
    }
    AuditLog.Stats stats = log.stats();
    assertThat(stats.written()).isEqualTo(threads * perThread);
    assertThat(stats.producerWaits()).isGreaterThan(0);
    assertThat(stats.writeFailures()).isZero();
  }

  @Test
  void closeDrainsTheQueueAndIsIdempotent() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file).queueCapacity(16));
    for (int i = 0; i < 1000; i++) {
      log.write(event("e" + i));
    }
    log.close();
    log.close();
    assertThat(ids(file)).hasSize(1000).doesNotHaveDuplicates();
    assertThat(log.stats().written()).isEqualTo(1000);
    assertThat(log.writerAlive()).isFalse();
  }

  @Test
  void writeAfterCloseIsSynchronous() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file));
    log.write(event("before"));
    log.close();
    log.write(event("after-1"));
    // no flush: the event is on disk when write() returns
    assertThat(ids(file)).containsExactly("before", "after-1");
    log.write(event("after-2"));
    assertThat(ids(file)).containsExactly("before", "after-1", "after-2");
    log.flush(); // harmless after close
    assertThat(log.stats().written()).isEqualTo(3);
  }

  @Test
  void anInterruptedProducerWritesSynchronouslyAndKeepsItsInterruptFlag() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writerHeld = new CountDownLatch(1);
    AtomicBoolean firstBatch = new AtomicBoolean(true);
    AuditLog log =
        open(
            AuditSettings.builder()
                .path(file)
                .queueCapacity(2)
                .beforeBatch(
                    () -> {
                      if (firstBatch.getAndSet(false)) {
                        writerHeld.countDown();
                        awaitUninterruptibly(release);
                      }
                    }));
    log.write(event("held"));
    writerHeld.await();
    Thread.currentThread().interrupt();
    int i = 0;
    while (log.stats().producerWaits() == 0) {
      log.write(event("q" + i++));
    }
    assertThat(Thread.interrupted()).isTrue();
    String syncId = "q" + (i - 1);
    assertThat(ids(file)).containsExactly(syncId); // on disk although the writer is held
    release.countDown();
    log.flush();
    List<String> ids = ids(file);
    assertThat(ids).hasSize(i + 1).doesNotHaveDuplicates().contains("held", syncId);
  }

  @Test
  void rotationKeepsMaxFilesAndDeletesTheOldest() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    int lineLength = (AuditJson.toJson(event("e000"), AuditSettings.builder().path(file).build()) + "\n")
        .getBytes(StandardCharsets.UTF_8).length;
    // three lines per file
    AuditLog log =
        open(AuditSettings.builder().path(file).rotateBytes(3L * lineLength + lineLength / 2).maxFiles(2));
    for (int i = 0; i < 20; i++) {
      log.write(event(String.format("e%03d", i)));
    }
    log.close();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2");
    }
    // 20 events, 3 per file: e018 e019 live, e015..e017 in .1, e012..e014 in .2
    assertThat(ids(file)).containsExactly("e018", "e019");
    assertThat(ids(dir.resolve("audit.jsonl.1"))).containsExactly("e015", "e016", "e017");
    assertThat(ids(dir.resolve("audit.jsonl.2"))).containsExactly("e012", "e013", "e014");
    assertThat(log.stats().written()).isEqualTo(20);
  }

  @Test
  void anOldFileIsRotatedAtTheNextWriteAndRetentionStillApplies() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file).rotateIntervalMillis(300).maxFiles(2));
    for (int round = 0; round < 4; round++) {
      log.write(event("r" + round + "a"));
      log.write(event("r" + round + "b"));
      log.flush();
      Thread.sleep(400);
    }
    log.write(event("last"));
    log.close();
    assertThat(ids(file)).containsExactly("last");
    assertThat(ids(dir.resolve("audit.jsonl.1"))).containsExactly("r3a", "r3b");
    assertThat(ids(dir.resolve("audit.jsonl.2"))).containsExactly("r2a", "r2b");
    assertThat(Files.exists(dir.resolve("audit.jsonl.3"))).isFalse();
  }

  @Test
  void aYoungFileIsNotRotatedByTime() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file).rotateIntervalMillis(3_600_000));
    for (int i = 0; i < 10; i++) {
      log.write(event("e" + i));
    }
    log.close();
    assertThat(ids(file)).hasSize(10);
    assertThat(Files.exists(dir.resolve("audit.jsonl.1"))).isFalse();
  }

  @Test
  void theStdoutSinkGetsEveryLineTheFileGets() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AuditLog log = open(AuditSettings.builder().path(file).copyToStdout(true));
      for (int i = 0; i < 5; i++) {
        log.write(event("s" + i));
      }
      log.close();
    } finally {
      System.setOut(original);
    }
    String fileText = Files.readString(file);
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(fileText);
    assertThat(ids(file)).containsExactly("s0", "s1", "s2", "s3", "s4");
  }

  @Test
  void rotationIsOffByDefault() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file));
    for (int i = 0; i < 50; i++) {
      log.write(event("e" + i));
    }
    log.close();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void openUnderARegularFileFailsWithThePathInTheMessage() throws Exception {
    Path regular = Files.createFile(dir.resolve("not-a-dir"));
    Path file = regular.resolve("logs/audit.jsonl");
    assertThatThrownBy(() -> AuditLog.open(AuditSettings.builder().path(file).build()))
        .isInstanceOf(AuditLogException.class)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Palisade cannot write its audit log " + file.toAbsolutePath() + ": ")
        .hasMessageContaining("not-a-dir");
  }

  @Test
  void openOnADirectoryFails() {
    assertThatThrownBy(() -> AuditLog.open(AuditSettings.builder().path(dir).build()))
        .isInstanceOf(AuditLogException.class)
        .hasMessageStartingWith("Palisade cannot write its audit log " + dir.toAbsolutePath() + ": ")
        .hasMessageContaining("directory");
  }

  @Test
  void openOnAReadOnlyFileSaysPermissionDenied() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
    Path file = Files.createFile(dir.resolve("audit.jsonl"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    assertThatThrownBy(() -> AuditLog.open(AuditSettings.builder().path(file).build()))
        .isInstanceOf(AuditLogException.class)
        .hasMessage("Palisade cannot write its audit log " + file.toAbsolutePath() + ": permission denied");
  }

  @Test
  void aTransientWriteFailureLosesNoEvent() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    FlakyOpener opener = new FlakyOpener();
    AuditLog log = open(AuditSettings.builder().path(file).opener(opener).writeRetries(1_000_000));
    log.write(event("ok-0"));
    log.flush();

    String err =
        captureStderr(
            () -> {
              opener.failing.set(true);
              for (int i = 1; i <= 10; i++) {
                log.write(event("ok-" + i));
              }
              awaitUninterruptibly(opener.failed);
              opener.failing.set(false);
              log.flush();
            });
    List<String> expected = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      expected.add("ok-" + i);
    }
    assertThat(ids(file)).isEqualTo(expected);
    assertThat(log.stats().writeFailures()).isGreaterThanOrEqualTo(1);
    assertThat(log.stats().written()).isEqualTo(11);
    assertThat(log.stats().printedToStderr()).isZero();
    assertThat(err.lines().filter(l -> l.contains("cannot write the audit log"))).hasSize(1);
    assertThat(err).startsWith("[palisade] ").contains(file.toAbsolutePath().toString()).contains("disk full");
  }

  @Test
  void eventsThatCannotBeWrittenArePrintedToStderr() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    FlakyOpener opener = new FlakyOpener();
    AuditLog log = open(AuditSettings.builder().path(file).opener(opener).writeRetries(2));
    opener.failing.set(true);
    AtomicReference<String> ids = new AtomicReference<>();
    String err =
        captureStderr(
            () -> {
              for (int i = 0; i < 3; i++) {
                log.write(event("lost-" + i));
              }
              log.flush();
              log.close();
              log.write(event("after-close")); // synchronous, fails, printed too
            });
    List<String> printed = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (line.startsWith("[palisade] {")) {
        JsonNode n = JSON.readTree(line.substring("[palisade] ".length()));
        printed.add(n.get("event_id").asText());
      }
    }
    assertThat(printed).containsExactly("lost-0", "lost-1", "lost-2", "after-close");
    assertThat(log.stats().printedToStderr()).isEqualTo(4);
    assertThat(log.stats().writeFailures()).isGreaterThanOrEqualTo(3);
    assertThat(ids(file)).isEmpty();
  }

  @Test
  void aDeletedLogIsRecreatedWithoutLosingEvents() throws Exception {
    Path sub = dir.resolve("logs");
    Path file = sub.resolve("audit.jsonl");
    AuditLog log = open(AuditSettings.builder().path(file));
    log.write(event("first"));
    log.flush();
    Files.delete(file);
    Files.delete(sub);
    String err =
        captureStderr(
            () -> {
              log.write(event("second"));
              log.flush();
            });
    assertThat(ids(file)).containsExactly("second");
    assertThat(err).contains("was removed or replaced");
    assertThat(log.stats().written()).isEqualTo(2);
  }

  @Test
  void aPartialLineLeftByACrashIsEndedFirst() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.write(file, "{\"event_id\":\"old\"}\n{\"event_id\":\"half".getBytes(StandardCharsets.UTF_8));
    AuditLog log = open(AuditSettings.builder().path(file));
    log.write(event("new"));
    log.close();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines.get(2)).get("event_id").asText()).isEqualTo("new");
  }

  @Test
  void shutdownHookRegistrationIsIdempotentAndCloseRemovesIt() throws Exception {
    AuditLog log = open(AuditSettings.builder().path(dir.resolve("audit.jsonl")));
    log.registerShutdownHook();
    log.registerShutdownHook();
    log.close();
    log.registerShutdownHook(); // after close: nothing to do
  }

  @Test
  void theShutdownHookDrainsTheQueueWhenTheJvmExits() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), ShutdownHookMain.class.getName(),
                file.toString(), "5000")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    assertThat(ids(file)).hasSize(5000).doesNotHaveDuplicates();
  }

  @Test
  void causesAreDescribedInOperatorWords() {
    assertThat(AuditLog.describe(new java.io.FileNotFoundException("/var/log/x.jsonl (Permission denied)")))
        .isEqualTo("permission denied");
    assertThat(AuditLog.describe(new java.nio.file.AccessDeniedException("/var/log/x.jsonl")))
        .isEqualTo("permission denied (/var/log/x.jsonl)");
    assertThat(AuditLog.describe(new java.nio.file.FileAlreadyExistsException("/var/log")))
        .isEqualTo("/var/log exists and is not a directory");
    assertThat(AuditLog.describe(new IOException("No space left on device")))
        .isEqualTo("No space left on device");
  }

  /** Opens real files; while {@code failing} is set, every write throws "disk full". */
  static final class FlakyOpener implements AuditSettings.StreamOpener {
    final AtomicBoolean failing = new AtomicBoolean();
    final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public OutputStream open(Path path) throws IOException {
      Files.createDirectories(path.getParent());
      FileOutputStream fos = new FileOutputStream(path.toFile(), true);
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (failing.get()) {
            failed.countDown();
            throw new IOException("disk full");
          }
          fos.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          fos.close();
        }
      };
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static synchronized String captureStderr(ThrowingRunnable r) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    String s = buf.toString(StandardCharsets.UTF_8);
    original.print(s);
    return s;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
