package io.prolly;

import io.prolly.error.BundleException;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.PushRejectedException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.merge.ConflictResolver;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;

/**
 * Moving history between repositories, from {@link Repository#transfer()}: clone and copy into an
 * empty repository on any backend, push and pull a branch, and bundle files that carry history
 * through a file. Only nodes the receiver lacks travel, and the receiver's refs move last, all or
 * nothing.
 *
 * <p>Thread-safe, like the repository it belongs to. Progress goes to the repository's
 * {@link Repository#setProgressListener progress listener}.
 */
public interface Transfer {

  /** The depth of a fetch that brings the whole history: it unshallows a shallow clone. */
  int UNSHALLOW = Integer.MAX_VALUE;

  /**
   * Copies every branch and tag of this repository, with everything they reach, into an empty
   * repository on any backend, in one transaction of the target.
   *
   * @param target an empty repository
   * @return what was copied
   * @throws IllegalArgumentException if the target is null, this repository, or not empty
   */
  SyncReport cloneInto(Repository target);

  /**
   * Copies part of this repository into an empty one: every branch and tag, each with its newest
   * {@code options.depth()} commits (a shallow clone; the commits at the boundary keep their parent
   * ids, the parents are not copied), and only the selected namespaces' data. The target records
   * what it lacks ({@link Repository#partialState()}) in the same transaction, so the state
   * survives a reopen. Cloning a partial repository gives a partial clone of what it has.
   *
   * @param target an empty repository
   * @param options what to take; {@link CloneOptions#FULL} is {@link #cloneInto(Repository)}
   * @return what was copied
   * @throws IllegalArgumentException if an argument is null, the target is this repository or not
   *     empty
   * @throws io.prolly.error.PartialRepositoryException if a selected namespace is one this
   *     partial repository does not have
   */
  SyncReport cloneInto(Repository target, CloneOptions options);

  /**
   * Fetches a branch of another repository into this one, to a depth: the branch's newest
   * {@code depth} commits and what they reach that this repository lacks, then the ref
   * {@code fetched/<branch>} set to the other head. On a shallow clone this deepens the history
   * (the boundary moves back); {@link #UNSHALLOW} fetches the whole history, after which the
   * repository is no longer shallow if nothing else is missing. A clone of selected namespaces
   * keeps taking only those.
   *
   * @param source the repository to fetch from
   * @param branch the branch, the same name on both sides
   * @param depth how many commits of the branch to have, 1 or more, or {@link #UNSHALLOW}
   * @return what was fetched; {@code refsUpdated} holds {@code fetched/<branch>} if it moved
   * @throws IllegalArgumentException if {@code source} is null or this repository, or the depth
   *     is below 1
   * @throws RevisionNotFoundException if the other repository has no such branch
   */
  SyncReport fetch(Repository source, String branch, int depth);

  /**
   * Copies the whole repository into an empty one, typically on another backend: every ref —
   * branches, tags, live stores, fetched heads — and everything they reach. This is how a
   * repository moves between backends; nodes nothing reaches stay behind. The nodes go over in
   * bounded transactions, children before the nodes that refer to them, and the refs last in one
   * transaction: if the copy is interrupted, the target has no refs yet, and running the copy again
   * sends only the nodes not already there and finishes the job. If another process collects the
   * target's garbage meanwhile (which may delete copied nodes no ref holds yet), the copy looks
   * again for what is missing before it writes the refs.
   *
   * @param target a repository without refs; nodes of an interrupted copy may be there
   * @return what was copied by this run
   * @throws IllegalArgumentException if the target is null, this repository, or has refs
   */
  SyncReport copyInto(Repository target);

  /**
   * Pushes a branch to another repository, fast-forward only: see {@link #push(Repository, String,
   * boolean)}.
   *
   * @param remote the repository to push to
   * @param branch the branch, pushed under the same name
   * @return what was transferred
   * @throws PushRejectedException if the remote branch has commits this one lacks; nothing changes
   * @throws RevisionNotFoundException if this repository has no such branch
   */
  SyncReport push(Repository remote, String branch);

  /**
   * Pushes a branch to another repository: copies the nodes the remote lacks and moves the remote
   * branch by compare-and-set, in one transaction of the remote. Without {@code force} only a
   * fast-forward is allowed (the remote head must be in this branch's history).
   *
   * @param remote the repository to push to
   * @param branch the branch, pushed under the same name
   * @param force whether to overwrite a remote branch that has commits this one lacks
   * @return what was transferred
   * @throws PushRejectedException if the push is not a fast-forward and not forced; nothing changes
   * @throws RevisionNotFoundException if this repository has no such branch
   * @throws ConcurrencyException if the remote branch kept moving through every retry
   */
  SyncReport push(Repository remote, String branch, boolean force);

  /**
   * Pulls a branch from another repository, refusing conflicts: see
   * {@link #pull(Repository, String, ConflictResolver)} with {@link ConflictResolver#fail()}.
   *
   * @param remote the repository to pull from
   * @param branch the branch, the same name on both sides
   * @return what was fetched and how it was merged
   * @throws MergeConflictException if a key changed differently on both sides; the local branch is
   *     unchanged, the fetched commits are kept under {@code fetched/<branch>}
   * @throws RevisionNotFoundException if the other repository has no such branch
   */
  SyncReport pull(Repository remote, String branch);

  /**
   * Pulls a branch from another repository: fetches the nodes this repository lacks and records the
   * fetched head under the ref {@code fetched/<branch>} (so garbage collection keeps it), then
   * merges it into the local branch of the same name (creating the branch if it does not exist).
   *
   * @param remote the repository to pull from
   * @param branch the branch, the same name on both sides
   * @param resolver decides keys both sides changed differently
   * @return what was fetched and how it was merged
   * @throws MergeConflictException if a key stays unresolved; the local branch is unchanged
   * @throws RevisionNotFoundException if the other repository has no such branch
   */
  SyncReport pull(Repository remote, String branch, ConflictResolver resolver);

  /**
   * Writes every branch and tag, with all the history they reach, to a bundle: one
   * self-describing, compressed file that {@link #importBundle} reads into any repository on any
   * backend, like a clone. Reads one consistent instant of the repository while others keep
   * committing.
   *
   * @param out where the bundle goes; written to and flushed, not closed
   * @return what was written, with the bundle's checksum
   * @throws IllegalArgumentException if {@code out} is null
   * @throws java.io.UncheckedIOException if writing to {@code out} fails; what was written is not
   *     a bundle then
   * @throws CorruptNodeException if a node the history needs is missing (see {@link Maintenance#verify()})
   */
  BundleReport exportBundle(OutputStream out);

  /**
   * Writes some branches and tags to a bundle, leaving out what the receiver already has: every
   * commit reachable from the excluded revisions and the nodes of the excluded commits' trees.
   * Such an incremental bundle lists the excluded commits, and {@link #importBundle} accepts it
   * only into a repository that holds all of them (as git bundles do). Excluding the receiver's
   * branch heads makes the bundle carry roughly only what changed since; the receiver's commits
   * must be known here, for example from an earlier bundle.
   *
   * @param out where the bundle goes; written to and flushed, not closed
   * @param refs the refs to carry, by full name: {@code heads/<branch>} or {@code tags/<tag>}
   * @param exclude revisions the receiver already has, such as commit ids; may be empty
   * @return what was written, with the bundle's checksum
   * @throws IllegalArgumentException if an argument is null or a name is not a branch or tag ref
   * @throws RevisionNotFoundException if a ref does not exist or an excluded revision names no
   *     commit
   * @throws java.io.UncheckedIOException if writing to {@code out} fails
   * @throws CorruptNodeException if a node the history needs is missing (see {@link Maintenance#verify()})
   */
  BundleReport exportBundle(OutputStream out, Collection<String> refs, Collection<String> exclude);

  /**
   * Reads a bundle written by {@link #exportBundle} into this repository, moving branches only
   * forward: see {@link #importBundle(InputStream, RefUpdateMode)} with
   * {@link RefUpdateMode#FAST_FORWARD}.
   *
   * @param in the bundle; read to its end, not closed
   * @return what was read and which refs moved
   * @throws BundleException if the bundle is not one, is truncated or damaged, lacks history, or
   *     would move a ref backwards or sideways; nothing is written
   * @throws ConcurrencyException if a ref the bundle sets changed meanwhile; nothing is written
   * @throws IllegalArgumentException if {@code in} is null
   */
  BundleReport importBundle(InputStream in);

  /**
   * Reads a bundle written by {@link #exportBundle} into this repository, treating it as untrusted
   * input: every node must hash to its id and stay within {@link io.prolly.spi.NodeStore#MAX_NODE_SIZE},
   * the file must be complete and match its checksum, and every ref's history must be complete
   * with the nodes this repository already has. Only then are the refs set, as the mode says.
   * Everything (nodes and refs) is one transaction: after a failure the repository is exactly as
   * before. Importing the same bundle twice changes nothing the second time.
   *
   * @param in the bundle; read to its end, not closed
   * @param mode how existing branches and tags may move
   * @return what was read and which refs were created or moved
   * @throws BundleException if the bundle is not one, is truncated or damaged, lacks history, or
   *     would move a ref in a way the mode forbids; the message says which; nothing is written
   * @throws ConcurrencyException if a ref the bundle sets changed meanwhile; nothing is written,
   *     import the bundle again
   * @throws IllegalArgumentException if an argument is null
   */
  BundleReport importBundle(InputStream in, RefUpdateMode mode);

  /**
   * Clones a remote repository into this one, which must have no refs: every branch and tag of the
   * remote, with all they reach. Nodes arrive in batches and each is stored once everything below
   * it is here; the refs are written last, in one transaction, together with a remote-tracking ref
   * {@code remotes/origin/<branch>} for each branch and the remote remembered as {@value
   * Remotes#ORIGIN} (see {@link Repository#remotes()}), without any token, as git does. If the
   * connection breaks, this repository has no refs and no origin yet, and cloning again fetches
   * only the nodes not already here.
   *
   * @param remote the repository to clone, from {@link Prolly#remote}
   * @return what was fetched; {@code refsUpdated} holds the remote's refs and the tracking refs
   * @throws IllegalArgumentException if {@code remote} is null or this repository has refs
   * @throws io.prolly.error.RemoteException if the server cannot be reached, refuses, or the
   *     connection breaks; no ref was written
   */
  SyncReport cloneFrom(Remote remote);

  /**
   * Clones part of a remote repository into this one, which must have no refs: as
   * {@link #cloneInto(Repository, CloneOptions)} does between repositories. A depth needs a server
   * that offers the {@code shallow} capability (docs/protocol.md); selected namespaces need nothing
   * of the server, since this side chooses which nodes to ask for. Like {@link #cloneFrom(Remote)},
   * it remembers the remote as {@value Remotes#ORIGIN}.
   *
   * @param remote the repository to clone, from {@link Prolly#remote}
   * @param options what to take; {@link CloneOptions#FULL} is {@link #cloneFrom(Remote)}
   * @return what was fetched
   * @throws IllegalArgumentException if an argument is null or this repository has refs
   * @throws io.prolly.error.RemoteException if the server cannot be reached, refuses, or does not
   *     offer {@code shallow} for a clone with a depth; no ref was written
   */
  SyncReport cloneFrom(Remote remote, CloneOptions options);

  /**
   * Fetches a branch of a remote repository: the nodes this repository lacks, then the ref
   * {@link Remote#trackingRef remote.trackingRef(branch)} set to the remote head: the
   * remote-tracking ref {@code remotes/<name>/<branch>} for a remote from {@link
   * Repository#remotes()}, as git's {@code refs/remotes/origin/main}, else {@code fetched/<branch>}.
   * A fetch with nothing new makes one request and writes nothing. Through a remote got by name,
   * the transaction that writes the ref checks that the remote is still configured here at that
   * URL, so a remote removed or renamed meanwhile never gets its tracking refs back.
   *
   * @param remote the repository to fetch from
   * @param branch the remote branch
   * @return what was fetched; {@code refsUpdated} holds the tracking ref if it moved
   * @throws RevisionNotFoundException if the remote has no such branch
   * @throws io.prolly.error.RemoteException if the server cannot be reached, refuses, or the
   *     connection breaks; nodes received whole are kept and not fetched again, no ref moved
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since); no
   *     ref was written
   */
  SyncReport fetch(Remote remote, String branch);

  /**
   * Fetches a branch of a remote repository to a depth, as {@link #fetch(Repository, String, int)}
   * does between repositories: deepens a shallow clone, or with {@link #UNSHALLOW} fetches the
   * whole history. Needs a server that offers the {@code shallow} capability.
   *
   * @param remote the repository to fetch from
   * @param branch the remote branch
   * @param depth how many commits of the branch to have, 1 or more, or {@link #UNSHALLOW}
   * @return what was fetched; {@code refsUpdated} holds the tracking ref if it moved
   * @throws IllegalArgumentException if {@code remote} is null or the depth is below 1
   * @throws RevisionNotFoundException if the remote has no such branch
   * @throws io.prolly.error.RemoteException if the server cannot be reached, refuses, or does not
   *     offer {@code shallow}
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since); no
   *     ref was written
   */
  SyncReport fetch(Remote remote, String branch, int depth);

  /**
   * Pulls a branch from a remote repository, refusing conflicts: see
   * {@link #pull(Remote, String, ConflictResolver)} with {@link ConflictResolver#fail()}.
   *
   * @param remote the repository to pull from
   * @param branch the branch, the same name on both sides
   * @return what was fetched and how it was merged
   * @throws MergeConflictException if a key changed differently on both sides; the local branch is
   *     unchanged, the fetched commits are kept under {@link Remote#trackingRef the tracking ref}
   * @throws RevisionNotFoundException if the remote has no such branch
   * @throws io.prolly.error.RemoteException if the server cannot be reached or refuses
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since); no
   *     ref was written
   */
  SyncReport pull(Remote remote, String branch);

  /**
   * Pulls a branch from a remote repository: {@link #fetch(Remote, String)}, then merges the
   * fetched head into the local branch of the same name (creating it if it does not exist).
   *
   * @param remote the repository to pull from
   * @param branch the branch, the same name on both sides
   * @param resolver decides keys both sides changed differently
   * @return what was fetched and how it was merged
   * @throws MergeConflictException if a key stays unresolved; the local branch is unchanged
   * @throws RevisionNotFoundException if the remote has no such branch
   * @throws io.prolly.error.RemoteException if the server cannot be reached or refuses
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since); no
   *     ref was written
   */
  SyncReport pull(Remote remote, String branch, ConflictResolver resolver);

  /**
   * Pushes a branch to a remote repository, fast-forward only: see
   * {@link #push(Remote, String, boolean)}.
   *
   * @param remote the repository to push to
   * @param branch the branch, pushed under the same name
   * @return what was sent
   * @throws PushRejectedException if the remote branch has commits this one lacks; nothing changed
   * @throws RevisionNotFoundException if this repository has no such branch
   * @throws io.prolly.error.RemoteException if the server cannot be reached or refuses
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since);
   *     nothing was sent. Should that happen while the push runs, the push stands and no
   *     tracking ref is written
   */
  SyncReport push(Remote remote, String branch);

  /**
   * Pushes a branch to a remote repository: asks the server in batches which nodes it has, sends
   * exactly the others, children first, and moves the remote branch by compare-and-set from the
   * head this push saw. If another push moved it meanwhile by a fast-forward of what this one
   * sends, the push is sent again; otherwise it is refused, and a pull, merge and push again
   * resolves it. A push with nothing new sends nothing. The server's validators judge the move. If
   * the connection breaks, no ref moved, and pushing again sends only the nodes the server lacks.
   * Through a remote from {@link Repository#remotes()}, its remote-tracking ref {@code
   * remotes/<name>/<branch>} then points at the pushed head, as git does (not part of the report,
   * whose refs are the remote's).
   *
   * @param remote the repository to push to
   * @param branch the branch, pushed under the same name
   * @param force whether to overwrite a remote branch that has commits this one lacks
   * @return what was sent
   * @throws PushRejectedException if the push is not a fast-forward and not forced, or the server
   *     refused the move (a validator, a policy); the message says which
   * @throws RevisionNotFoundException if this repository has no such branch
   * @throws ConcurrencyException if the remote branch kept moving through every attempt
   * @throws io.prolly.error.RemoteException if the server cannot be reached or refuses
   * @throws io.prolly.error.StaleRemoteException if {@code remote} was got by name and this
   *     repository no longer has that remote at its URL (removed, renamed or re-pointed since);
   *     nothing was sent. Should that happen while the push runs, the push stands and no
   *     tracking ref is written
   */
  SyncReport push(Remote remote, String branch, boolean force);
}
