package io.palisade.detector.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to every address it has. The default asks {@link InetAddress}, as
 * HttpURLConnection, java.net.http, Apache HttpClient and OkHttp do by default, so the check sees
 * what the client will see (and shares the JVM's address cache with it). Tests inject their own.
 */
public interface HostResolver {
  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
