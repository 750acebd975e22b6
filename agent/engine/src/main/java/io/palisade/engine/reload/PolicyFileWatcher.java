package io.palisade.engine.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Notices when the policy file has new content, by polling (a {@code WatchService} misses
 * Kubernetes ConfigMap updates, which swap the {@code ..data} symlink of a parent directory, and is
 * a polling thread on some platforms anyway).
 *
 * <p>Each {@link #poll()} looks at the file as a reader would see it: the symlinks resolved, then
 * the real file's identity (inode), size and modification time. An editor that renames a new file
 * into place changes the inode; a ConfigMap swap changes the resolved path; an in-place write
 * changes size or time. A change is acted upon only once the file looks the same on two polls in a
 * row, so a file caught half-written is not rejected. The content is then read and compared by
 * hash, so touching the file or swapping in identical content does nothing.
 */
public final class PolicyFileWatcher {
  private final Path file;
  private final Consumer<byte[]> onNewContent;
  private String contentHash;
  private FileLook lastLook;
  private FileLook actedOn;
  private boolean missingReported;

  /**
   * @param file the policy file as configured (a symlink is followed on every poll)
   * @param initialContentHash the hash of the content already loaded (valid or not), so it is not loaded twice
   * @param onNewContent called on the polling thread with content whose hash differs from the last one
   */
  public PolicyFileWatcher(Path file, String initialContentHash, Consumer<byte[]> onNewContent) {
    this.file = file;
    this.contentHash = initialContentHash;
    this.onNewContent = onNewContent;
    this.lastLook = look();
    this.actedOn = null; // the first steady look reads the file once: a change since the load is not missed
  }

  /** One look at the file; calls back at most once. Never throws for file problems. */
  public void poll() {
    FileLook now = look();
    FileLook previous = lastLook;
    lastLook = now;
    if (now == null) {
      if (!missingReported) {
        missingReported = true;
        PolicyReloader.log.warn("the policy file {} is missing or unreadable; the policy in force stays", file);
      }
      return;
    }
    missingReported = false;
    if (now.equals(actedOn) || !now.equals(previous)) {
      // Unchanged since the last load, or still changing: look again at the next poll.
      return;
    }
    actedOn = now;
    byte[] content;
    try {
      content = Files.readAllBytes(now.realPath);
    } catch (IOException | RuntimeException e) {
      lastLook = null; // read again at the next poll
      actedOn = null;
      return;
    }
    String hash = io.palisade.policy.Policy.sha256Hex(content);
    if (hash.equals(contentHash)) {
      return;
    }
    contentHash = hash;
    onNewContent.accept(content);
  }

  private FileLook look() {
    try {
      Path real = file.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return new FileLook(real, attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** What a poll sees of the file, without reading it. */
  private static final class FileLook {
    final Path realPath;
    final Object fileKey;
    final long size;
    final long modifiedMillis;

    FileLook(Path realPath, Object fileKey, long size, long modifiedMillis) {
      this.realPath = realPath;
      this.fileKey = fileKey;
      this.size = size;
      this.modifiedMillis = modifiedMillis;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof FileLook)) {
        return false;
      }
      FileLook other = (FileLook) o;
      return realPath.equals(other.realPath)
          && Objects.equals(fileKey, other.fileKey)
          && size == other.size
          && modifiedMillis == other.modifiedMillis;
    }

    @Override
    public int hashCode() {
      return Objects.hash(realPath, fileKey, size, modifiedMillis);
    }
  }
}
