package io.palisade.detector.xss;

import java.util.List;

/**
 * Template-engine syntax in a request value: Thymeleaf/Spring EL ({@code ${}, *{}, #{}, @{}, ~{},
 * __${...}__, [[...]], [(...)], T(...)}), FreeMarker ({@code <#...>, [#...], ${}}) and Velocity
 * ({@code #set, #foreach, #evaluate, $class}). A request value with such syntax inside a template
 * source, a template name or a fragment selector being compiled is server-side template injection:
 * the engine would run the attacker's expression.
 */
public final class TemplateSyntax {
  private static final String[] OPENERS = {"${", "*{", "#{", "@{", "~{", "[[", "[(", "<#", "[#", "</#"};
  private static final String[] DIRECTIVES = {"#set", "#foreach", "#if", "#evaluate", "#include", "#parse", "#macro", "#define"};

  private TemplateSyntax() {}

  /** The construct found in {@code value} (for the audit reason), or null when there is none. */
  public static String constructIn(String value) {
    if (value == null || value.length() < 3) {
      return null;
    }
    for (String opener : OPENERS) {
      if (value.contains(opener)) {
        return opener;
      }
    }
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    for (String directive : DIRECTIVES) {
      int at = lower.indexOf(directive);
      if (at >= 0 && followedByDirectiveSyntax(lower, at + directive.length())) {
        return directive;
      }
    }
    int type = value.indexOf("T(");
    if (type >= 0 && (type == 0 || !Character.isLetterOrDigit(value.charAt(type - 1))) && value.indexOf(')', type) > 0) {
      return "T(";
    }
    if (lower.contains("$class") || lower.contains("${class") || lower.contains("$!{")) {
      return "$class";
    }
    if (hasVelocityMethodCall(value)) {
      return "$ref.method(";
    }
    return null;
  }

  /**
   * A Velocity reference that calls a method: {@code $x.getClass()}, {@code $!req.getSession(}; the
   * reference starts with a letter, so prices ({@code $5.00}) and jQuery ({@code $.ajax(}, {@code $(})
   * are not references.
   */
  private static boolean hasVelocityMethodCall(String value) {
    for (int at = value.indexOf('$'); at >= 0; at = value.indexOf('$', at + 1)) {
      int i = at + 1;
      if (i < value.length() && value.charAt(i) == '!') {
        i++;
      }
      int identifier = i;
      while (i < value.length() && isIdentifierPart(value.charAt(i), i == identifier)) {
        i++;
      }
      if (i == identifier || i >= value.length() || value.charAt(i) != '.') {
        continue;
      }
      int method = ++i;
      while (i < value.length() && isIdentifierPart(value.charAt(i), i == method)) {
        i++;
      }
      if (i > method && i < value.length() && value.charAt(i) == '(') {
        return true;
      }
    }
    return false;
  }

  private static boolean isIdentifierPart(char c, boolean first) {
    boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return first ? letter : letter || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  /** {@code #set(}, {@code #set (}, {@code #{set}}: a Velocity directive, not a hashtag such as {@code #settings}. */
  private static boolean followedByDirectiveSyntax(String value, int from) {
    int i = from;
    while (i < value.length() && value.charAt(i) == ' ') {
      i++;
    }
    return i < value.length() && value.charAt(i) == '(';
  }

  /** The first value (index into {@code values}) that carries syntax and occurs in {@code template}; -1 when none. */
  public static int injectedValue(String template, List<String> values) {
    if (template == null || template.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value != null && value.length() >= 3 && template.contains(value) && constructIn(value) != null) {
        return i;
      }
    }
    return -1;
  }
}
