package io.palisade.engine.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * The agent's one class-file transformer: a cheap gate in front of the advice. The hooked JDK classes
 * are recognised by name; an application class that extends or implements none of the hooked types
 * never reaches the advice transformer. Every class the JVM loads passes here, so the gate reads
 * nothing but the class file's header (and, once per loader, its supertypes' headers).
 */
final class PrescreeningTransformer implements ClassFileTransformer {
  private final AdviceTransformer applicationClasses;
  private final SupertypePrescreen prescreen;
  private final Set<String> jdkTypes;
  private final AdviceTransformer jdkClasses;
  private final ClassLoader engineLoader = PrescreeningTransformer.class.getClassLoader();
  /**
   * Classes loaded while this thread is inside the gate or a transformation (a supertype's resource
   * handler, say) pass through untouched: the JVM does not hand them to transformers anyway.
   */
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

  /**
   * @param prescreen null to let every application class through to the matchers
   * @param jdkTypes internal names (slashes) of the hooked JDK classes
   */
  PrescreeningTransformer(AdviceTransformer applicationClasses, SupertypePrescreen prescreen,
      Set<String> jdkTypes, AdviceTransformer jdkClasses) {
    this.applicationClasses = applicationClasses;
    this.prescreen = prescreen;
    this.jdkTypes = jdkTypes;
    this.jdkClasses = jdkClasses;
    // Load the gate's own classes now, not in the middle of some class's definition: this class's
    // file takes the whole path (an interface not seen yet, then its declared methods).
    if (prescreen != null) {
      prescreen.mayBeTarget(engineLoader,
          SupertypePrescreen.readClassFile(engineLoader, PrescreeningTransformer.class.getName().replace('.', '/')));
    }
  }

  /** The prescreen's bits of the hooked types the class extends or implements; 0 for none. */
  private int hookedSupertypes(ClassLoader loader, String className, byte[] classFile) {
    // What can never be a target is dismissed before a byte of it (or of its supertypes) is read.
    if (AgentInstaller.isIgnoredLoader(loader) || IgnoredTypes.isIgnored(className)) {
      return 0;
    }
    try {
      return prescreen == null ? AdviceTransformer.ANY_SUPERTYPE : prescreen.supertypes(loader, classFile);
    } catch (Throwable failure) {
      // The gate must never cost a transformation: when in doubt, let the matchers decide.
      return AdviceTransformer.ANY_SUPERTYPE;
    }
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (className == null || busy.get() != null) {
      return null;
    }
    busy.set(Boolean.TRUE);
    try {
      if (jdkTypes.contains(className)) {
        return jdkClasses.transform(loader, className, classBeingRedefined, protectionDomain, classFile,
            AdviceTransformer.ANY_SUPERTYPE);
      }
      // A retransformation (by another agent, say) starts again from the original class file: the
      // advice must be applied again or it would be lost.
      int supertypes = hookedSupertypes(loader, className, classFile);
      if (supertypes == 0) {
        return null;
      }
      return applicationClasses.transform(loader, className, classBeingRedefined, protectionDomain, classFile, supertypes);
    } catch (Throwable failure) {
      // Never break class loading: the class runs unchanged (AdviceTransformer counts its own failures).
      return null;
    } finally {
      busy.remove();
    }
  }
}
