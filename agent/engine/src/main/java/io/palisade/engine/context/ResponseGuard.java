package io.palisade.engine.context;

/** Something that watches a response's output and must see its end (the xss response check). */
public interface ResponseGuard {
  /** The output object the application was given in place of the container's. */
  Object guarded();

  /** The container's output object it writes to. */
  Object target();

  /**
   * The request's dispatch ends: check and release what is held back. Throws
   * {@link io.palisade.bootstrap.PalisadeBlockedException} when the held-back tail blocks.
   */
  void finish();
}
