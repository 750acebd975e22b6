package io.palisade.engine.instrumentation;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.MethodSortMatcher;
import net.bytebuddy.matcher.NameMatcher;
import net.bytebuddy.matcher.StringMatcher;
import net.bytebuddy.matcher.StringSetMatcher;

/**
 * The method names a Byte Buddy method matcher can match at all, read from the matcher's structure:
 * {@code named}, {@code namedOneOf} and {@code isConstructor} name them, a conjunction matches at most
 * the names of any one of its parts, a disjunction those of all of them. Byte Buddy keeps these parts in
 * private fields, which are read reflectively; a matcher of any other shape, or a Byte Buddy whose fields
 * differ, gives no answer, and the caller then asks that matcher about every method. So the answer can
 * only make the gate cheaper, never wrong.
 */
final class MatcherNames {
  private MatcherNames() {}

  /**
   * Internal names ({@code <init>} for constructors) that {@code matcher} may match, a superset; null
   * when they cannot be told.
   */
  static Set<String> of(ElementMatcher<?> matcher) {
    try {
      return namesOf(matcher);
    } catch (ReflectiveOperationException | RuntimeException unreadable) {
      return null;
    }
  }

  private static Set<String> namesOf(Object matcher) throws ReflectiveOperationException {
    if (matcher instanceof ElementMatcher.Junction.Conjunction) {
      Set<String> narrowest = null;
      for (Object part : (List<?>) field(ElementMatcher.Junction.Conjunction.class, "matchers", matcher)) {
        Set<String> names = namesOf(part);
        if (names != null && (narrowest == null || names.size() < narrowest.size())) {
          narrowest = names;
        }
      }
      return narrowest;
    }
    if (matcher instanceof ElementMatcher.Junction.Disjunction) {
      Set<String> all = new HashSet<>();
      for (Object part : (List<?>) field(ElementMatcher.Junction.Disjunction.class, "matchers", matcher)) {
        Set<String> names = namesOf(part);
        if (names == null) {
          return null;
        }
        all.addAll(names);
      }
      return all;
    }
    if (matcher instanceof NameMatcher) {
      // Byte Buddy matches a method's actual name: a constructor's is empty, so only methods match.
      Object strings = field(NameMatcher.class, "matcher", matcher);
      if (strings instanceof StringMatcher
          && field(StringMatcher.class, "mode", strings) == StringMatcher.Mode.EQUALS_FULLY) {
        String value = (String) field(StringMatcher.class, "value", strings);
        return value.isEmpty() ? null : Collections.singleton(value); // "" is every constructor's actual name
      }
      if (strings instanceof StringSetMatcher) {
        @SuppressWarnings("unchecked")
        Set<String> values = (Set<String>) field(StringSetMatcher.class, "values", strings);
        return values.contains("") ? null : new HashSet<>(values);
      }
      return null;
    }
    if (matcher instanceof MethodSortMatcher
        && field(MethodSortMatcher.class, "sort", matcher) == MethodSortMatcher.Sort.CONSTRUCTOR) {
      return Collections.singleton("<init>");
    }
    return null;
  }

  private static Object field(Class<?> owner, String name, Object instance) throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(instance);
  }
}
