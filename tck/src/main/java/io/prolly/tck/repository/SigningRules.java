package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.CommitInfo;
import io.prolly.CommitSigning;
import io.prolly.Repository;
import io.prolly.Retention;
import io.prolly.SignatureCheck;
import io.prolly.VerifyReport;
import io.prolly.error.CommitRefusedException;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

/**
 * Signed commits: every commit a signing repository makes carries a good Ed25519 signature, the
 * signature survives storage and transfer on the backend, verify counts and checks them, and a
 * branch that requires signatures refuses what a trusted key did not sign, writing nothing.
 */
abstract class SigningRules extends RulesBase {

  private static final KeyPair ALICE = CommitSigning.newKeyPair();
  private static final KeyPair MALLORY = CommitSigning.newKeyPair();

  SigningRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "Merges, reverts, cherry-picks and squashed history made while signing is on are signed by this "
      + "repository's key; a signature by a trusted key checks as TRUSTED (CommitSigning).",
      catches = "a kind of commit (a merge, a revert) written without the signature")
  @Example
  void everyKindOfCommitASigningRepositoryMakesIsSignedAndChecksAsTrustedOnceTheKeyIs() {
    Repository repository = newRepository();
    String unsigned = commit(repository, "main", Map.of("a", "1"));
    repository.signing().signWith(ALICE);
    String base = commit(repository, "main", Map.of("b", "1"));
    repository.createBranch("feature", base);
    String onFeature = commit(repository, "feature", Map.of("f", "1"));
    commit(repository, "main", Map.of("m", "1"));
    String merge = repository.merge("feature", "main").commit().toHex();
    String revert = repository.revert("main", onFeature).commit().toHex();
    String pick = repository.cherryPick("main", onFeature).commit().toHex();

    String fingerprint = CommitSigning.fingerprint(ALICE.getPublic());
    for (String signed : List.of(base, onFeature, merge, revert, pick)) {
      assertThat(repository.commitInfo(signed).signer()).as("signer of %s", signed).isEqualTo(fingerprint);
      assertThat(repository.signing().check(signed).status()).isEqualTo(SignatureCheck.Status.UNTRUSTED);
    }
    assertThat(repository.commitInfo(unsigned).signer()).isNull();
    assertThat(repository.signing().check(unsigned).status()).isEqualTo(SignatureCheck.Status.UNSIGNED);

    repository.signing().trust("alice", ALICE.getPublic());
    assertThat(repository.signing().check(merge)).isEqualTo(
        new SignatureCheck(SignatureCheck.Status.TRUSTED, fingerprint, "alice"));
    assertThat(repository.log("main").map(CommitInfo::signer).filter(signer -> signer != null).count())
        .isEqualTo(repository.log("main").count() - 1);

    VerifyReport report = repository.maintenance().verify();
    assertThat(report.isClean()).as("%s", report.problems()).isTrue();
    assertThat(report.signedCommits()).isEqualTo(report.commitsChecked() - 1);
    assertThat(report.untrustedSignatures()).isZero();
    assertThat(repository.signing().distrust("alice")).isTrue();
    assertThat(repository.maintenance().verify().untrustedSignatures()).isEqualTo(report.signedCommits());
  }

  @Contract(value = "A signature covers everything a commit records and the commit's id covers the signature, so it "
      + "travels with the commit through storage and pushes (CommitSigning).",
      catches = "a backend that truncates or re-encodes node bytes, so a reopened or pushed commit no longer checks")
  @Example
  void signaturesSurviveAPushAndAReopenedRepositoryChecksThem() {
    Repository local = newRepository();
    local.signing().signWith(ALICE);
    String first = commit(local, "main", Map.of("a", "1"));
    Repository remote = newRepository();
    remote.signing().trust("alice", ALICE.getPublic());
    remote.signing().requireSignatures("main");
    local.transfer().push(remote, "main");
    assertThat(remote.resolve("main").toHex()).isEqualTo(first);
    assertThat(remote.signing().check("main").trusted()).isTrue();
    assertThat(remote.maintenance().verify().signedCommits()).isEqualTo(1);
  }

  @Contract(value = "requireSignatures refuses, on every matching branch, any move that adds a commit not signed by "
      + "a trusted key, and nothing is written (CommitSigning).",
      catches = "a check of the new head only, letting an unsigned commit in its history through")
  @Example
  void aBranchThatRequiresSignaturesRefusesUnsignedAndUntrustedCommitsAndWritesNothing() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    repository.signing().trust("alice", ALICE.getPublic());
    repository.signing().requireSignatures("main");
    Map<String, ?> before = refs(repository);

    assertThatThrownBy(() -> commit(repository, "main", Map.of("b", "unsigned")))
        .isInstanceOfSatisfying(CommitRefusedException.class,
            refused -> assertThat(refused.validator()).isEqualTo("signatures:main"))
        .hasMessageContaining("unsigned").hasMessageContaining("trusted key");
    repository.signing().signWith(MALLORY);
    assertThatThrownBy(() -> commit(repository, "main", Map.of("b", "mallory")))
        .isInstanceOf(CommitRefusedException.class).hasMessageContaining("untrusted key")
        .hasMessageContaining(CommitSigning.fingerprint(MALLORY.getPublic()));
    assertThat(refs(repository)).isEqualTo(before);

    repository.signing().signWith(null);
    repository.createBranch("topic", "main");
    commit(repository, "topic", Map.of("t", "unsigned"));
    assertThatThrownBy(() -> repository.merge("topic", "main")).as("a fast-forward bringing an unsigned commit")
        .isInstanceOf(CommitRefusedException.class);
    repository.signing().signWith(ALICE);
    commit(repository, "main", Map.of("m", "1"));
    assertThatThrownBy(() -> repository.merge("topic", "main"))
        .as("a signed merge that brings an unsigned commit").isInstanceOf(CommitRefusedException.class);
    assertThat(contents(repository, "main")).isEqualTo(Map.of("a", "1", "m", "1"));

    assertThatThrownBy(() -> repository.signing().requireSignatures("main"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThat(repository.removeValidator("signatures:main")).isTrue();
    repository.merge("topic", "main");
    assertThat(contents(repository, "main")).containsEntry("t", "unsigned");
  }

  @Contract(value = "Squashed history made while signing is on is signed by this repository's key (CommitSigning).",
      catches = "the rewritten commits of a squash written unsigned, so a branch that requires signatures refuses "
      + "its own squash")
  @Example
  void aSquashOfASigningRepositorySignsTheRewrittenHistory() {
    Repository repository = newRepository();
    for (int i = 0; i < 4; i++) {
      commit(repository, "main", Map.of("k", "v" + i));
    }
    repository.signing().signWith(ALICE);
    repository.signing().trust("alice", ALICE.getPublic());
    repository.signing().requireSignatures("main");
    repository.maintenance().squashHistory("main", Retention.keepLast(2));
    assertThat(repository.log("main").map(info -> repository.signing().check(info.id().toHex()).trusted()).toList())
        .containsOnly(true).hasSize(3);
  }

  @Contract(value = "signWith and trust throw IllegalArgumentException if a key is not an Ed25519 key, or the "
      + "private key does not belong to the public one, and the message says which (CommitSigning).",
      catches = "an RSA or EC key accepted and the failure left to the first commit")
  @Example
  void keysThatAreNotEd25519AreRefusedWithTheReason() throws Exception {
    KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Repository repository = newRepository();
    assertThatThrownBy(() -> repository.signing().signWith(rsa))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> repository.signing().trust("bob", rsa.getPublic()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
    KeyPair mismatched = new KeyPair(ALICE.getPublic(), MALLORY.getPrivate());
    assertThatThrownBy(() -> repository.signing().signWith(mismatched))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThat(repository.signing().signingKey()).isNull();
    assertThatThrownBy(() -> repository.signing().trust(" ", ALICE.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.signing().trustedKeys()).isEmpty();
  }
}
