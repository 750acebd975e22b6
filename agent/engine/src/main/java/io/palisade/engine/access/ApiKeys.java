package io.palisade.engine.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API keys a rule accepts, held only as SHA-256 hashes. A presented key is hashed and compared
 * with every accepted hash in constant time ({@link MessageDigest#isEqual}), without stopping at
 * the first match, so neither the position nor the prefix of a match shows in the timing.
 */
public final class ApiKeys {
  private final List<byte[]> hashes = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();

  /** Adds an accepted key: its lower- or upper-case hex SHA-256, and a label for audit events. */
  public ApiKeys add(String sha256Hex, String label) {
    hashes.add(fromHex(sha256Hex));
    labels.add(label);
    return this;
  }

  /** The label of the matching key (its hash prefix when it has no label), or null when none matches. */
  public String match(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return null;
    }
    byte[] presented = sha256(presentedKey);
    int found = -1;
    for (int i = 0; i < hashes.size(); i++) {
      if (MessageDigest.isEqual(hashes.get(i), presented) && found < 0) {
        found = i;
      }
    }
    if (found < 0) {
      return null;
    }
    String label = labels.get(found);
    return label != null ? label : "sha256:" + toHex(hashes.get(found)).substring(0, 12);
  }

  public int size() {
    return hashes.size();
  }

  /** The hex SHA-256 of a key, as the policy stores it ({@code hash-api-key} prints this). */
  public static String hashHex(String key) {
    return toHex(sha256(key));
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  static byte[] fromHex(String hex) {
    if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("must be the 64 hex digits of a SHA-256 hash (java -jar palisade-agent.jar hash-api-key prints one)");
    }
    byte[] bytes = new byte[32];
    for (int i = 0; i < 32; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  static String toHex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(String.format(Locale.ROOT, "%02x", b & 0xff));
    }
    return out.toString();
  }
}
