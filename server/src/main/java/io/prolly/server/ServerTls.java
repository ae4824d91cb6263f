package io.prolly.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS context of an HTTPS server, from a PKCS#12 keystore holding its key and certificate chain. */
final class ServerTls {

  private ServerTls() {}

  /**
   * Loads the keystore; its key has the keystore's password, as {@code keytool} makes PKCS#12.
   *
   * @throws IllegalArgumentException if the file is no PKCS#12 keystore, the password is wrong, or it holds no key
   * @throws UncheckedIOException if the file cannot be read
   */
  static SSLContext context(Path keystore, char[] password) {
    KeyStore keys;
    try (InputStream in = Files.newInputStream(keystore)) {
      keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException("the password of the keystore " + keystore + " is wrong", e);
      }
      if (Files.isRegularFile(keystore)) {
        throw new IllegalArgumentException(keystore + " is not a PKCS#12 keystore, or its password is wrong ("
            + e.getMessage() + "); make one with keytool -genkeypair -storetype PKCS12", e);
      }
      throw new UncheckedIOException("cannot read the keystore " + keystore + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot load the keystore " + keystore + ": " + e.getMessage(), e);
    }
    try {
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(keys.aliases())) {
        hasKey |= keys.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException("the keystore " + keystore + " holds no private key; the server needs its "
            + "key and certificate, as keytool -genkeypair makes them");
      }
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the key in " + keystore + ": " + e.getMessage()
          + " (its key password must be the keystore's)", e);
    }
  }
}
