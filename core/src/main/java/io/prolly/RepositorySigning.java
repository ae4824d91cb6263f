package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitSignature;
import io.prolly.commit.CommitSource;
import io.prolly.commit.LogEntry;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The {@link CommitSigning} of one repository: its signing key and the keys it trusts. */
final class RepositorySigning implements CommitSigning {

  /** The prefix of the names of the validators {@link #requireSignatures} registers. */
  static final String VALIDATOR_PREFIX = "signatures:";

  /** How many of the commits it signed a repository remembers as good. */
  private static final int RECENTLY_SIGNED = 1024;

  private final Repository repository;
  private volatile @Nullable KeyPair keys;
  private final SortedMap<String, PublicKey> trusted = new ConcurrentSkipListMap<>();
  /** Fingerprint to the name its key is trusted under. */
  private final Map<String, String> names = new ConcurrentHashMap<>();
  /** The ids of the last commits this repository signed, whose signatures need no second check. */
  private final Map<Hash, Boolean> signedHere = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
      return size() > RECENTLY_SIGNED;
    }
  };

  RepositorySigning(Repository repository) {
    this.repository = repository;
  }

  static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance(CommitSignature.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (JDK 15 and later do)", e);
    }
  }

  static String fingerprint(PublicKey key) {
    return CommitSignature.fingerprint(checkEd25519(key));
  }

  /** Returns the key's X.509 encoding once it is known to be an Ed25519 public key. */
  private static byte[] checkEd25519(PublicKey key) {
    Arguments.notNull(key, "key");
    byte[] encoded = key.getEncoded();
    try {
      CommitSignature.decodeKey(encoded == null ? new byte[0] : encoded);
    } catch (IllegalArgumentException notEd25519) {
      throw new IllegalArgumentException("commits are signed with Ed25519 keys, but this is a " + key.getAlgorithm()
          + " key; make one with CommitSigning.newKeyPair()", notEd25519);
    }
    return encoded;
  }

  @Override
  public void signWith(@Nullable KeyPair keys) {
    if (keys != null) {
      checkEd25519(keys.getPublic());
      Arguments.notNull(keys.getPrivate(), "keys.getPrivate()");
      // Sign once now, so that a private key that does not go with the public one fails here, not at a commit.
      Commit probe = new Commit(Hash.of(new byte[0]), List.of(), "probe", "", Instant.EPOCH, new TreeMap<>())
          .signedWith(keys);
      Arguments.check(probe.signatureVerifies(), "the private key does not belong to the public key of this pair");
    }
    this.keys = keys;
  }

  @Override
  public @Nullable PublicKey signingKey() {
    KeyPair pair = keys;
    return pair == null ? null : pair.getPublic();
  }

  @Override
  public void trust(String name, PublicKey key) {
    Arguments.notNull(name, "name");
    Arguments.check(!name.isBlank(), "a trusted key needs a name that says whose it is, such as alice@example.com");
    String fingerprint = CommitSignature.fingerprint(checkEd25519(key));
    synchronized (trusted) {
      distrust(name);
      trusted.put(name, key);
      names.put(fingerprint, name);
    }
  }

  @Override
  public boolean distrust(String name) {
    Arguments.notNull(name, "name");
    synchronized (trusted) {
      PublicKey removed = trusted.remove(name);
      if (removed == null) {
        return false;
      }
      names.remove(CommitSignature.fingerprint(removed.getEncoded()));
      return true;
    }
  }

  @Override
  public SortedMap<String, PublicKey> trustedKeys() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(trusted));
  }

  @Override
  public void requireSignatures(String branchPattern) {
    Arguments.notNull(branchPattern, "branchPattern");
    repository.addValidator(branchPattern, VALIDATOR_PREFIX + branchPattern, this::signedByTrustedKeys);
  }

  @Override
  public SignatureCheck check(String revision) {
    Hash id = repository.resolve(revision);
    return check(repository.commitSource().read(id));
  }

  SignatureCheck check(Commit commit) {
    CommitSignature signature = commit.signature();
    if (signature == null) {
      return new SignatureCheck(SignatureCheck.Status.UNSIGNED, null, null);
    }
    String fingerprint = signature.fingerprint();
    if (!verifies(commit)) {
      return new SignatureCheck(SignatureCheck.Status.INVALID, fingerprint, null);
    }
    String name = names.get(fingerprint);
    return name == null ? new SignatureCheck(SignatureCheck.Status.UNTRUSTED, fingerprint, null)
        : new SignatureCheck(SignatureCheck.Status.TRUSTED, fingerprint, name);
  }

  /** Signs a commit this repository makes, if it signs. */
  Commit sign(Commit commit) {
    KeyPair pair = keys;
    if (pair == null) {
      return commit;
    }
    Commit signed = commit.signedWith(pair);
    synchronized (signedHere) {
      signedHere.put(signed.id(), Boolean.TRUE);
    }
    return signed;
  }

  /**
   * Whether a commit's signature is good, without checking again one this repository just made.
   * The id is computed from the content read, not taken from where it was read, so a damaged
   * node never passes for one signed here.
   */
  private boolean verifies(Commit commit) {
    Hash id = commit.id();
    synchronized (signedHere) {
      if (signedHere.containsKey(id)) {
        return true;
      }
    }
    return commit.signatureVerifies();
  }

  private Verdict signedByTrustedKeys(BranchChange change) {
    // Every BranchChange a validator is given is one of ours, read through the moving transaction.
    Stream<LogEntry> commits = ((ProposedBranchChange) change).newCommitEntries();
    return commits.map(entry -> {
      SignatureCheck check = check(entry.commit());
      return check.trusted() ? null : Verdict.refuse("commit " + entry.id().toShortHex() + " ('"
          + entry.commit().message().lines().findFirst().orElse("") + "' by " + entry.commit().author() + ") is "
          + check + "; this branch takes only commits signed by a trusted key");
    }).filter(verdict -> verdict != null).findFirst().orElse(Verdict.accept());
  }
}
