package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.commit.Commit;
import io.prolly.error.CommitRefusedException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.security.KeyPair;
import net.jqwik.api.Example;

/**
 * A signature copied onto altered content, written straight into the store as an attacker with
 * access to the storage would: checks call it invalid, verify reports it, and a branch that
 * requires signatures does not take it.
 */
class ForgedSignatureTest {

  private final KeyPair alice = CommitSigning.newKeyPair();
  private final NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
  private final Repository repository = Prolly.over(store);

  @Example
  void aSignatureMovedToAlteredContentIsInvalidEverywhere() {
    repository.signing().signWith(alice);
    repository.signing().trust("alice", alice.getPublic());
    Store<String> main = repository.store("main", Codecs.utf8());
    main.set("pay", "alice 10");
    Hash genuine = main.commit("pay alice").id();
    Commit signed = repository.commitSource().read(genuine);
    Commit forged = new Commit(signed.root(), signed.parents(), signed.author(), "pay mallory", signed.timestamp(),
        signed.metadata(), signed.signature());
    try (WriteTransaction tx = store.beginWrite()) {
      tx.setRef("heads/forged", null, forged.writeTo(tx));
      tx.commit();
    }

    assertThat(repository.signing().check("main").trusted()).isTrue();
    SignatureCheck check = repository.signing().check("forged");
    assertThat(check.status()).isEqualTo(SignatureCheck.Status.INVALID);
    assertThat(check.fingerprint()).isEqualTo(CommitSigning.fingerprint(alice.getPublic()));
    VerifyReport report = repository.maintenance().verify();
    assertThat(report.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.node()).isEqualTo(forged.id());
      assertThat(problem.path()).startsWith("heads/forged");
      assertThat(problem.message()).contains("does not match its content");
    });
    assertThat(report.signedCommits()).isEqualTo(1);

    repository.signing().requireSignatures("**");
    assertThatThrownBy(() -> repository.reset("main", "forged")).isInstanceOf(CommitRefusedException.class)
        .hasMessageContaining("INVALID signature");
    assertThat(repository.resolve("main")).isEqualTo(genuine);
  }
}
