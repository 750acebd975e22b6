package io.palisade.audit;

/** CONTRACT (builder shape up to the implementer): path, redact names, max value length, rotation, queue capacity. */
public final class AuditSettings {}
