package io.palisade.engine.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How operators and platforms replace a policy file, and what the watcher makes of each. */
class PolicyFileWatcherTest {
  @TempDir Path dir;
  private final List<String> seen = new ArrayList<>();

  private PolicyFileWatcher watch(Path file) throws Exception {
    byte[] initial = Files.readAllBytes(file);
    return new PolicyFileWatcher(file, Policy.sha256Hex(initial), bytes -> seen.add(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static void write(Path file, String text, long modifiedMillis) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
  }

  @Test
  void anUnchangedFileIsReadOnceAndNeverReported() throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, "one", 1_000_000);
    PolicyFileWatcher watcher = watch(file);
    for (int i = 0; i < 5; i++) {
      watcher.poll();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void anInPlaceEditIsReportedOnceItHoldsStillForOnePoll() throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, "one", 1_000_000);
    PolicyFileWatcher watcher = watch(file);
    watcher.poll();
    write(file, "two, half written", 2_000_000);
    watcher.poll();
    assertThat(seen).as("still changing: not read yet").isEmpty();
    write(file, "two, complete", 3_000_000);
    watcher.poll();
    assertThat(seen).isEmpty();
    watcher.poll();
    assertThat(seen).containsExactly("two, complete");
    watcher.poll();
    assertThat(seen).hasSize(1);
  }

  @Test
  void anEditorRenamingANewFileIntoPlaceIsSeenEvenWithTheSameSizeAndTime() throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, "aaaa", 1_000_000);
    PolicyFileWatcher watcher = watch(file);
    watcher.poll();
    Path temp = dir.resolve(".policy.json.swp");
    write(temp, "bbbb", 1_000_000);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    watcher.poll();
    watcher.poll();
    assertThat(seen).containsExactly("bbbb");
  }

  @Test
  void aKubernetesConfigMapSymlinkSwapIsSeen() throws Exception {
    // kubelet layout: policy.json -> ..data/policy.json, ..data -> ..2026_11_29_01, swapped by rename.
    Path first = Files.createDirectory(dir.resolve("..2026_11_29_01"));
    write(first.resolve("policy.json"), "first", 1_000_000);
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path file = dir.resolve("policy.json");
    Files.createSymbolicLink(file, Path.of("..data", "policy.json"));
    PolicyFileWatcher watcher = watch(file);
    watcher.poll();

    Path second = Files.createDirectory(dir.resolve("..2026_11_29_02"));
    write(second.resolve("policy.json"), "second", 1_000_000);
    Path newLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(newLink, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    watcher.poll();
    watcher.poll();
    assertThat(seen).containsExactly("second");
  }

  @Test
  void sameContentAgainIsNotReported() throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, "same", 1_000_000);
    PolicyFileWatcher watcher = watch(file);
    watcher.poll();
    write(file, "same", 5_000_000); // touched, or the same content deployed again
    watcher.poll();
    watcher.poll();
    assertThat(seen).isEmpty();
  }

  @Test
  void aMissingFileIsNotAnEditAndItsReturnIs() throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, "one", 1_000_000);
    PolicyFileWatcher watcher = watch(file);
    watcher.poll();
    Files.delete(file);
    watcher.poll();
    watcher.poll();
    assertThat(seen).isEmpty();
    write(file, "back", 2_000_000);
    watcher.poll();
    watcher.poll();
    assertThat(seen).containsExactly("back");
  }
}
