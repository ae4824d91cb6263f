package io.prolly;

import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Prolly#remote(java.net.URI, RemoteOptions)} reaches a server: the bearer token it
 * presents, and the certificates it trusts for {@code https://}. Immutable; start from {@link
 * #defaults()}. The token never appears in {@link #toString()}, in a {@link Remote}'s URL or in a
 * message.
 *
 * <p>Thread-safe.
 */
public final class RemoteOptions {

  private static final RemoteOptions DEFAULTS = new RemoteOptions(null, null);

  private final @Nullable String token;
  private final @Nullable SSLContext tls;

  private RemoteOptions(@Nullable String token, @Nullable SSLContext tls) {
    this.token = token;
    this.tls = tls;
  }

  /**
   * Returns the defaults: no token (unless the URL's user info carries one), the JDK's trusted
   * certificate authorities.
   *
   * @return the default options
   */
  public static RemoteOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns these options presenting a bearer token, sent as {@code Authorization: Bearer TOKEN}
   * with every request. Prefer {@code https://}: over {@code http://} anyone on the way can read it.
   *
   * @param token the token the server's operator gave, printable ASCII without spaces
   * @return the new options
   * @throws IllegalArgumentException if the token is null, empty, or holds other characters
   */
  public RemoteOptions withToken(String token) {
    return new RemoteOptions(checkToken(token), tls);
  }

  /**
   * Returns these options trusting, for {@code https://}, only the certificates in a file: PEM
   * ({@code -----BEGIN CERTIFICATE-----}, as {@code keytool -exportcert -rfc} writes) or DER, such
   * as the server's own certificate or the authority that signed it.
   *
   * @param certificates the file
   * @return the new options
   * @throws IllegalArgumentException if the path is null, or the file holds no certificate
   * @throws UncheckedIOException if the file cannot be read
   */
  public RemoteOptions withTrustedCertificates(Path certificates) {
    Arguments.notNull(certificates, "certificates");
    try (InputStream in = Files.newInputStream(certificates)) {
      Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
      Arguments.check(!found.isEmpty(), certificates + " holds no certificate; give a PEM or DER file");
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : found) {
        trusted.setCertificateEntry("trusted-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return new RemoteOptions(token, context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the certificates in " + certificates + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(certificates + " holds no certificate that can be read (" + e.getMessage()
          + "); give a PEM or DER file, such as 'keytool -exportcert -rfc' writes", e);
    }
  }

  /**
   * Returns these options using a TLS context of the caller's, for trust (or client certificates)
   * set up elsewhere.
   *
   * @param context the context
   * @return the new options
   * @throws IllegalArgumentException if {@code context} is null
   */
  public RemoteOptions withTls(SSLContext context) {
    return new RemoteOptions(token, Arguments.notNull(context, "context"));
  }

  /** Whether a token is set. */
  boolean hasToken() {
    return token != null;
  }

  @Nullable String token() {
    return token;
  }

  @Nullable SSLContext tls() {
    return tls;
  }

  static String checkToken(@Nullable String token) {
    Arguments.notNull(token, "token");
    Arguments.check(!token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c < 0x7f), "the token is empty or "
        + "holds spaces, controls or non-ASCII characters; give the token exactly as the server's operator issued it");
    return token;
  }

  /** Shows whether a token is set, never the token. */
  @Override
  public String toString() {
    return "RemoteOptions[token=" + (token == null ? "none" : "***") + ", tls=" + (tls == null ? "JDK default" : "given")
        + "]";
  }
}
