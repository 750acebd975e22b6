package io.palisade.engine.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the advice of every matching type instrumentation into one class, from its class file.
 *
 * <p>It does what Byte Buddy's {@code AgentBuilder} transformer does for a class the gate let through,
 * minus what Palisade never needs: that transformer generates a subclass of itself with Byte Buddy
 * when it is first used (to receive Java 9 modules), which cost about a quarter of premain, and it runs
 * for every class the JVM loads. This one runs only for the classes the gate passes, and is plain code.
 * The advice is Byte Buddy's {@link Advice}, resolved once per advice class and class loader rather
 * than once per transformed class as {@link AgentBuilder.Transformer.ForAdvice} does (each resolution
 * reads the advice's class file from the agent jar and parses its annotations).
 */
final class AdviceTransformer {
  /** The supertype mask of a class the prescreen could not judge, or of every class without one. */
  static final int ANY_SUPERTYPE = -1;

  /** One advice class and the methods it is inlined into. */
  static final class MethodAdvice {
    final ElementMatcher<? super MethodDescription> methods;
    final String adviceClassName;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
    }
  }

  /** One type instrumentation: which loaders and types, and the advice to inline. */
  static final class Transformation {
    final ElementMatcher<? super ClassLoader> loaders;
    final ElementMatcher<? super TypeDescription> types;
    final List<MethodAdvice> advice;
    /**
     * The prescreen's bits of the types a target extends or implements (one of them, see {@link
     * TypeInstrumentation#requiredSupertypes()}); {@link #ANY_SUPERTYPE} to match every class.
     */
    final int supertypes;
    /** The resolved advice, in the order of {@link #advice}, per class loader of the targets. */
    private final Map<ClassLoader, Advice[]> resolved = new WeakHashMap<>();

    Transformation(
        ElementMatcher<? super ClassLoader> loaders,
        ElementMatcher<? super TypeDescription> types,
        List<MethodAdvice> advice,
        int supertypes) {
      this.loaders = loaders;
      this.types = types;
      this.advice = advice;
      this.supertypes = supertypes;
    }

    /**
     * The advice resolved through the target's loader (an advice's parameter types may name the
     * library's types), once per loader: Advice is immutable and inlines the same way into every class.
     */
    Advice[] resolvedAdvice(ClassLoader loader, TypePool pool, ClassFileLocator locator) {
      synchronized (resolved) {
        Advice[] known = resolved.get(loader);
        if (known != null) {
          return known;
        }
      }
      Advice[] built = new Advice[advice.size()];
      for (int i = 0; i < built.length; i++) {
        // What AgentBuilder.Transformer.ForAdvice does by default: suppress the advice's own exceptions.
        built[i] = Advice.withCustomMapping()
            .to(pool.describe(advice.get(i).adviceClassName).resolve(), locator)
            .withAssigner(Assigner.DEFAULT)
            .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
      }
      synchronized (resolved) {
        Advice[] raced = resolved.putIfAbsent(loader, built);
        return raced != null ? raced : built;
      }
    }

    AsmVisitorWrapper visitor(ClassLoader loader, TypePool pool, ClassFileLocator locator) {
      Advice[] resolvedAdvice = resolvedAdvice(loader, pool, locator);
      AsmVisitorWrapper.ForDeclaredMethods visitor = new AsmVisitorWrapper.ForDeclaredMethods();
      for (int i = 0; i < resolvedAdvice.length; i++) {
        visitor = visitor.invokable(advice.get(i).methods, resolvedAdvice[i]);
      }
      return visitor;
    }
  }

  private final List<Transformation> transformations;
  private final ByteBuddy byteBuddy;
  private final AgentBuilder.PoolStrategy pools;
  private final ClassFileLocator adviceClasses;
  private final TransformFailureListener listener;
  private final boolean describeLoadedByReflection;

  /**
   * @param byteBuddy configured for decoration; class format changes are disabled here (advice adds
   *     no field, method or initializer, so even loaded classes can be retransformed)
   * @param adviceLoader the loader of the advice classes (the agent's)
   * @param describeLoadedByReflection true for JDK classes: a loaded one is described by reflection,
   *     since reading a JDK class file from its module image while classes are being transformed would
   *     load the jrt: URL handler at the wrong moment. False for application classes, whose class
   *     files are always read (reflection on a class with a missing optional dependency throws).
   */
  AdviceTransformer(
      List<Transformation> transformations,
      ByteBuddy byteBuddy,
      AgentBuilder.PoolStrategy pools,
      ClassLoader adviceLoader,
      TransformFailureListener listener,
      boolean describeLoadedByReflection) {
    this.transformations = transformations;
    this.byteBuddy = byteBuddy.with(Implementation.Context.Disabled.Factory.INSTANCE);
    this.pools = pools;
    this.adviceClasses = ClassFileLocator.ForClassLoader.of(adviceLoader);
    this.listener = listener;
    this.describeLoadedByReflection = describeLoadedByReflection;
  }

  /**
   * The transformed class file, or null to leave the class as it is (nothing matched, or the
   * transformation failed: then the failure is counted and logged once, and the class runs unchanged).
   *
   * @param classBeingRedefined the loaded class when it is retransformed, else null
   * @param supertypes the prescreen's bits of the hooked types this class extends or implements, or
   *     {@link #ANY_SUPERTYPE}: only the transformations that hook one of them are matched
   */
  byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classFile, int supertypes) {
    String name = internalName.replace('/', '.');
    try {
      ClassFileLocator loaderClasses = classFilesOf(loader);
      ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile), loaderClasses);
      TypePool pool = pools.typePool(locator, loader, name);
      TypeDescription type = classBeingRedefined != null && describeLoadedByReflection
          ? TypeDescription.ForLoadedType.of(classBeingRedefined)
          : pool.describe(name).resolve();
      List<Transformation> matched = matching(type, loader, supertypes);
      if (matched.isEmpty()) {
        return null;
      }
      // Advice classes are found in the agent first, then through the target's loader, as
      // AgentBuilder.Transformer.ForAdvice.include(agentLoader) does.
      ClassFileLocator adviceLocator = new ClassFileLocator.Compound(adviceClasses, loaderClasses);
      TypePool advicePool = pools.typePool(adviceLocator, loader);
      DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
      for (Transformation transformation : matched) {
        builder = builder.visit(transformation.visitor(loader, advicePool, adviceLocator));
      }
      DynamicType.Unloaded<?> transformed = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool);
      listener.onTransformation(type, loader, null, classBeingRedefined != null, transformed);
      return transformed.getBytes();
    } catch (Throwable failure) {
      listener.onError(name, loader, null, classBeingRedefined != null, failure);
      return null;
    }
  }

  /**
   * The class files of {@code loader}, holding it weakly: the type descriptions cached per loader (and
   * the advice resolved per loader) keep the pool that read them, and so its locator. A locator holding
   * the loader strongly would keep every loader in the caches' weak maps alive for good: a redeployed
   * web application's classes could never be collected.
   */
  static ClassFileLocator classFilesOf(ClassLoader loader) {
    return loader == null
        ? ClassFileLocator.ForClassLoader.ofBootLoader()
        : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
  }

  private List<Transformation> matching(TypeDescription type, ClassLoader loader, int supertypes) {
    List<Transformation> matched = new ArrayList<>(2);
    if (type.isSynthetic()) {
      return matched;
    }
    for (Transformation transformation : transformations) {
      if ((transformation.supertypes & supertypes) != 0
          && transformation.loaders.matches(loader)
          && transformation.types.matches(type)) {
        matched.add(transformation);
      }
    }
    return matched;
  }
}
