package io.prolly;

import io.prolly.error.InvalidProofException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.spi.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Example;

class ProofTest {

  private final Repository repository = Prolly.inMemory();
  private final Hash head;

  ProofTest() {
    Store<String> store = repository.store("main", Codecs.utf8());
    for (int i = 0; i < 20_000; i++) {
      store.namespace("accounts").set("account-" + i, "balance " + i);
    }
    store.set("big", "x".repeat(100_000));
    head = store.commit("load").id();
  }

  @Example
  void aPresentKeyIsProvenWithAFewNodes() {
    Proof proof = Proof.fromBytes(repository.prove("main", "accounts", "account-1234").toBytes());
    assertThat(utf8(proof.verify(head))).isEqualTo("balance 1234");
    assertThat(proof.nodeCount()).as("commit, registry leaf, a path of the namespace tree").isLessThan(8);
    assertThat(proof.toBytes().length).isLessThan(64 * 1024);
  }

  @Example
  void absentKeysAndNamespacesAreProvenAbsent() {
    assertThat(repository.prove("main", "accounts", "account-x").verify(head)).isNull();
    assertThat(repository.prove("main", "nowhere", "k").verify(head)).isNull();
    assertThat(utf8(repository.prove("main", "", "big").verify(head))).hasSize(100_000);
  }

  @Example
  void aProofForAnotherCommitIsRefused() {
    Proof proof = repository.prove("main", "accounts", "account-1");
    Hash other = Hash.of("another commit".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> proof.verify(other)).isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("not the trusted");
  }

  @Example
  void everyAlteredByteEitherFailsOrStillProvesSomethingTrue() {
    byte[] bytes = repository.prove("main", "accounts", "account-777").toBytes();
    Snapshot<String> truth = repository.snapshot("main", Codecs.utf8());
    int refused = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte[] altered = bytes.clone();
      altered[i] ^= 0x01;
      try {
        Proof proof = Proof.fromBytes(altered);
        byte[] value = proof.verify(head);
        // Only the framing around the claim can change without failing, and then the claim is true.
        Snapshot<String> namespace = proof.namespace().isEmpty() ? truth : truth.namespace(proof.namespace());
        assertThat(utf8(value)).as("claim of a proof altered at byte %d", i).isEqualTo(namespace.get(proof.key()));
      } catch (InvalidProofException | IllegalArgumentException expected) {
        refused++;
      }
    }
    assertThat(refused).as("alterations refused of %d bytes", bytes.length).isGreaterThan(bytes.length * 9 / 10);
    assertThat(Arrays.equals(bytes, repository.prove("main", "accounts", "account-777").toBytes())).isTrue();
  }

  private static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
