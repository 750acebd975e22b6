package io.palisade.engine.instrumentation;

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

  void transform(AdviceTarget target);

  /** Receives the advice to apply. Advice classes are named by string so they never load in the agent. */
  interface AdviceTarget {
    void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
  }
}
