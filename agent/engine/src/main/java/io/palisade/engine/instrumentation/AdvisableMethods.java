package io.palisade.engine.instrumentation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Answers, from a raw class file, "does this class declare any method some advice would go into?".
 * Advice goes only into a class's declared methods, so a class that declares none cannot be changed
 * by any transformation, whatever it extends: the gate then needs no supertype of it. That is most
 * classes, and reading a not-yet-loaded supertype's class file is the gate's one expensive step.
 *
 * <p>The advice's own method matchers decide, on a description built from each method's access
 * flags, name and descriptor ({@link DeclaredMethodDescription}). A matcher must therefore decide on
 * what such a description tells (name, modifiers, arity, parameter and return type names), as all of
 * Palisade's do; one that asked a parameter type's supertypes would see none, and the gate could
 * wrongly pass a class over.
 *
 * <p>Asking each of some sixty matchers about each method of thousands of classes costs more than the
 * reads it saves, so the matchers are indexed by the method names they can match ({@link
 * MatcherNames}); most methods' names index none, and a class's methods cost a hash lookup each.
 */
final class AdvisableMethods {
  /** The matchers that can match a method of the given name (internal name: {@code <init>} for constructors). */
  private final Map<String, List<ElementMatcher<? super MethodDescription>>> matchersByName = new HashMap<>();
  /** The matchers whose method names could not be told: they are asked about every method. */
  private final List<ElementMatcher<? super MethodDescription>> matchersOfAnyName = new ArrayList<>();

  AdvisableMethods(Collection<? extends ElementMatcher<? super MethodDescription>> matchers) {
    for (ElementMatcher<? super MethodDescription> matcher : matchers) {
      Set<String> names = MatcherNames.of(matcher);
      if (names == null) {
        matchersOfAnyName.add(matcher);
      } else {
        for (String name : names) {
          matchersByName.computeIfAbsent(name, n -> new ArrayList<>(2)).add(matcher);
        }
      }
    }
  }

  /** False only when no declared method of the class matches any advice's method matcher. */
  boolean anyDeclaredBy(ClassHeader header) {
    TypeDescription[] declaringType = new TypeDescription[1];
    boolean[] found = new boolean[1];
    boolean readable = header.visitMethods((access, name, descriptor) -> {
      List<ElementMatcher<? super MethodDescription>> named = matchersByName.get(name);
      if (named == null && matchersOfAnyName.isEmpty()) {
        return true; // the common case: a name no advice is for
      }
      if (declaringType[0] == null) {
        declaringType[0] = DeclaredMethodDescription.typeNamed(header.name.replace('/', '.'), header.access);
      }
      MethodDescription method = new DeclaredMethodDescription(declaringType[0], access, name, descriptor);
      if (named != null && anyMatches(named, method) || anyMatches(matchersOfAnyName, method)) {
        found[0] = true;
        return false;
      }
      return true;
    });
    return found[0] || !readable;
  }

  private static boolean anyMatches(List<ElementMatcher<? super MethodDescription>> matchers, MethodDescription method) {
    for (ElementMatcher<? super MethodDescription> matcher : matchers) {
      try {
        if (matcher.matches(method)) {
          return true;
        }
      } catch (RuntimeException unsure) {
        return true; // a matcher that needs more than this description: let the class through
      }
    }
    return false;
  }
}
