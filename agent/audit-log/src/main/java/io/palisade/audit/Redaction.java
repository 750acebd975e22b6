package io.palisade.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Redaction and truncation rules shared by the audit log and the engine. */
public final class Redaction {

  /** What replaces a secret. */
  public static final String REDACTED = "[REDACTED]";

  /** Secret values shorter than this are not searched for (they would match everywhere). */
  public static final int MIN_SECRET_VALUE_LENGTH = 3;

  private static final Set<String> SECRET_NAMES =
      Collections.unmodifiableSet(
          new HashSet<>(
              Arrays.asList(
                  "authorization",
                  "proxy-authorization",
                  "cookie",
                  "set-cookie",
                  "x-api-key",
                  "api_key",
                  "apikey",
                  "password",
                  "passwd",
                  "pwd",
                  "secret",
                  "token",
                  "access_token",
                  "refresh_token",
                  "client_secret",
                  "jsessionid",
                  "session")));

  /**
   * Names that are secret wherever they occur inside a name ("user_password", "X-Auth-Token",
   * "api-key"). Short or common words such as "pwd", "session" or "cookie" match only exactly.
   */
  private static final List<String> SECRET_SUBSTRINGS =
      Collections.unmodifiableList(
          Arrays.asList("password", "passwd", "secret", "token", "apikey", "api_key", "api-key"));

  private Redaction() {}

  /**
   * True when a parameter, header or cookie of this name carries a secret: a built-in name, a name
   * containing one of the safe substrings, or one of {@code extraNames} (all case-insensitive).
   */
  public static boolean isSecretName(String name, Collection<String> extraNames) {
    if (name == null) {
      return false;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.isEmpty()) {
      return false;
    }
    if (SECRET_NAMES.contains(n)) {
      return true;
    }
    for (String s : SECRET_SUBSTRINGS) {
      if (n.contains(s)) {
        return true;
      }
    }
    if (extraNames != null) {
      for (String extra : extraNames) {
        if (extra != null && extra.trim().equalsIgnoreCase(n)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Cuts {@code value} to at most {@code max} chars and appends {@code …[+N chars]}, N being the
   * number of chars cut. Never splits a surrogate pair. Null stays null; a negative max keeps all.
   */
  public static String truncate(String value, int max) {
    if (value == null || max < 0 || value.length() <= max) {
      return value;
    }
    int cut = max;
    if (cut > 0 && Character.isHighSurrogate(value.charAt(cut - 1))
        && Character.isLowSurrogate(value.charAt(cut))) {
      cut--;
    }
    return value.substring(0, cut) + "\u2026[+" + (value.length() - cut) + " chars]";
  }

  /**
   * Replaces every occurrence of every secret value (null, empty and values shorter than
   * {@link #MIN_SECRET_VALUE_LENGTH} are ignored) in {@code text} by {@link #REDACTED}. Also
   * replaces the forms a value takes on its way into a sink: URL-encoded, and with single quotes
   * doubled as in an SQL literal. Longer secrets are replaced first.
   */
  public static String redactValues(String text, Collection<String> secretValues) {
    if (text == null || text.isEmpty() || secretValues == null || secretValues.isEmpty()) {
      return text;
    }
    List<String> forms = new ArrayList<>();
    for (String form : secretForms(secretValues)) {
      if (text.contains(form)) {
        forms.add(form);
      }
    }
    if (forms.isEmpty()) {
      return text;
    }
    // One left-to-right pass, longest form first at each position, so that a replacement is never
    // itself searched again (a secret "RED" must not mangle an earlier "[REDACTED]").
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    outer:
    while (i < text.length()) {
      for (String form : forms) {
        if (text.startsWith(form, i)) {
          out.append(REDACTED);
          i += form.length();
          continue outer;
        }
      }
      out.append(text.charAt(i));
      i++;
    }
    return out.toString();
  }

  /** The searchable forms of the secret values, longest first. */
  static List<String> secretForms(Collection<String> secretValues) {
    Set<String> forms = new LinkedHashSet<>();
    for (String v : secretValues) {
      if (v == null || v.length() < MIN_SECRET_VALUE_LENGTH) {
        continue;
      }
      forms.add(v);
      String urlForm = URLEncoder.encode(v, StandardCharsets.UTF_8);
      forms.add(urlForm);
      forms.add(urlForm.replace("+", "%20"));
      if (v.indexOf('\'') >= 0) {
        forms.add(v.replace("'", "''"));
      }
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return sorted;
  }
}
