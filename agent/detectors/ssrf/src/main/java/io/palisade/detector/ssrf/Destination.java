package io.palisade.detector.ssrf;

import java.util.Collections;
import java.util.List;

/** Where an outbound URL goes: its addresses and the most internal class among them. */
public final class Destination {
  private final AddressClass addressClass;
  private final List<String> addresses;
  private final String internalAddress;
  private final boolean resolved;
  private final List<byte[]> addressBytes;

  Destination(AddressClass addressClass, List<String> addresses, String internalAddress, boolean resolved) {
    this(addressClass, addresses, internalAddress, resolved, Collections.<byte[]>emptyList());
  }

  Destination(AddressClass addressClass, List<String> addresses, String internalAddress, boolean resolved, List<byte[]> addressBytes) {
    this.addressBytes = Collections.unmodifiableList(addressBytes);
    this.addressClass = addressClass;
    this.addresses = Collections.unmodifiableList(addresses);
    this.internalAddress = internalAddress;
    this.resolved = resolved;
  }

  /** PUBLIC when every address is public (or the name does not resolve), else the first internal class found. */
  public AddressClass addressClass() {
    return addressClass;
  }

  public boolean isInternal() {
    return addressClass.isInternal();
  }

  /** Every address the host has (the literal itself for an IP literal); empty when it did not resolve. */
  public List<String> addresses() {
    return addresses;
  }

  /** The first internal address, or the metadata name; null when the destination is public. */
  public String internalAddress() {
    return internalAddress;
  }

  /** The same addresses as bytes (4 or 16), for network rules. */
  public List<byte[]> addressBytes() {
    return addressBytes;
  }

  /** False when the name did not resolve (the client will fail to connect too). */
  public boolean isResolved() {
    return resolved;
  }
}
