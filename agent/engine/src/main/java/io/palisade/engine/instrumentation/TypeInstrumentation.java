package io.palisade.engine.instrumentation;

import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/** Which classes to transform and which advice to inline into which of their methods. */
public interface TypeInstrumentation {

  /**
   * A cheap first test: does this class loader have the library at all? Checked before any type
   * matching so that start-up stays fast.
   */
  default ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.any();
  }

  ElementMatcher<TypeDescription> typeMatcher();

  /**
   * The types a target must extend or implement (any of them), by binary name. They let the agent
   * skip, from the raw class file, every class that cannot match; an instrumentation that returns an
   * empty list (its matcher is not about supertypes) turns that shortcut off for all.
   */
  default List<String> requiredSupertypes() {
    return Collections.emptyList();
  }

  /**
   * JDK classes this instrumentation targets, by name (for example
   * {@code java.util.concurrent.ThreadPoolExecutor}). They are loaded before the agent starts, so
   * they are retransformed explicitly, and their advice may only call {@code io.palisade.bootstrap}.
   * Empty for instrumentations of application and library classes.
   */
  default List<String> jdkTypes() {
    return Collections.emptyList();
  }

  /**
   * Names the advice and the methods it goes into. The method matchers also run, before a class's
   * supertypes are known, on a description read from its raw class file (see {@code
   * AdvisableMethods}): they must decide on what the class file says of a method (name, modifiers,
   * arity, parameter and return type names), never on a parameter type's supertypes or annotations.
   */
  void transform(AdviceTarget target);

  /** Receives the advice to apply. Advice classes are named by string so they never load in the agent. */
  interface AdviceTarget {
    void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
  }
}
