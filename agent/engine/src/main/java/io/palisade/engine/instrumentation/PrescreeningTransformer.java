package io.palisade.engine.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * Byte Buddy's transformer behind a cheap gate: a class that extends or implements none of the hooked
 * types never reaches it. Without the gate Byte Buddy parses every class the application loads into a
 * full type description just to learn that it matches nothing, which tripled a small service's
 * start-up time.
 */
final class PrescreeningTransformer implements ClassFileTransformer {
  private final ClassFileTransformer delegate;
  private final SupertypePrescreen prescreen;

  PrescreeningTransformer(ClassFileTransformer delegate, SupertypePrescreen prescreen) {
    this.delegate = delegate;
    this.prescreen = prescreen;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    if (loader == null || !prescreen.mayBeTarget(loader, classFile)) {
      // The bootstrap loader holds the JDK and the bridge only: nothing we hook today.
      return null;
    }
    return delegate.transform(module, loader, className, classBeingRedefined, protectionDomain, classFile);
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    if (loader == null || !prescreen.mayBeTarget(loader, classFile)) {
      return null;
    }
    return delegate.transform(loader, className, classBeingRedefined, protectionDomain, classFile);
  }
}
