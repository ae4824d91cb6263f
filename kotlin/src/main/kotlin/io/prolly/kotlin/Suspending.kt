package io.prolly.kotlin

import io.prolly.Codec
import io.prolly.CommitResult
import io.prolly.GcReport
import io.prolly.Maintenance
import io.prolly.Repository
import io.prolly.Store
import io.prolly.SyncReport
import io.prolly.Transfer
import io.prolly.merge.ConflictResolver
import io.prolly.merge.MergeFn
import io.prolly.merge.MergeResult
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers

// The suspending variants of Prolly's blocking write operations. Each runs the blocking call in a
// caller-supplied context, Dispatchers.IO by default, and gives the same guarantee on
// cancellation (runOnceStarted): cancelled before the call starts, it throws CancellationException
// and writes nothing; once started, the call runs to its end, all or nothing, and its result is
// returned.

/**
 * Suspends while this store commits everything staged in its working copy: [Store.commit] run in
 * [context].
 *
 * Cancellation: if the coroutine is cancelled before the commit starts on [context]'s thread, this
 * throws [CancellationException], nothing is written and the staged writes stay. Once started, the
 * commit is not interrupted: it finishes, as one atomic commit or, on failure, with nothing
 * written, and its result is returned even if the coroutine was cancelled meanwhile; the
 * cancellation then takes effect at the next suspension point. So a [CancellationException] from
 * here means nothing was committed, and a returned [CommitResult] means the commit is on the
 * branch. Code around this call (such as `withTimeout`) may still end in a cancellation after a
 * commit that this function returned; [Store.hasChanges] and [Store.baseCommit] tell the truth
 * either way.
 *
 * The store is not thread-safe: do not use it elsewhere while this suspends.
 *
 * @param message why; may be empty
 * @param metadata string pairs stored with the commit
 * @param context where the blocking commit runs; a dispatcher suited to blocking I/O
 * @return the new commit and how it was made
 * @throws IllegalStateException if nothing is staged
 * @throws io.prolly.error.MergeConflictException if the branch moved and a key changed on both
 *     sides stays unresolved; nothing is written and the staged writes stay
 * @throws io.prolly.error.ConcurrencyException if the branch kept moving through every retry
 * @throws CancellationException if cancelled before the commit started; nothing is written
 */
suspend fun Store<*>.awaitCommit(
    message: String,
    metadata: Map<String, String> = emptyMap(),
    context: CoroutineContext = Dispatchers.IO,
): CommitResult = runOnceStarted(context) { commit(message, metadata) }

/**
 * Suspends while a revision is merged into a branch: [Repository.merge] with a conflict resolver,
 * run in [context]. Cancellation is honoured until the merge starts, as in [awaitCommit]: a
 * [CancellationException] means the branch did not move, a returned result means the merge is
 * done.
 *
 * @param source what to merge, such as `feature`
 * @param into the branch that receives it
 * @param resolver decides keys both sides changed differently; by default every such key is a
 *     conflict
 * @param context where the blocking merge runs
 * @return what the merge did
 * @throws io.prolly.error.MergeConflictException if a key stays unresolved; nothing is written
 * @throws io.prolly.error.RevisionNotFoundException if the source or the branch does not exist
 * @throws CancellationException if cancelled before the merge started; nothing is written
 */
suspend fun Repository.awaitMerge(
    source: String,
    into: String,
    resolver: ConflictResolver = ConflictResolver.fail(),
    context: CoroutineContext = Dispatchers.IO,
): MergeResult = runOnceStarted(context) { merge(source, into, resolver) }

/**
 * Suspends while a revision is merged into a branch with a merge function on decoded values:
 * [Repository.merge] with a codec and a [MergeFn], run in [context]. Cancellation is honoured
 * until the merge starts, as in [awaitCommit].
 *
 * @param source what to merge
 * @param into the branch that receives it
 * @param codec decodes the values the merge function sees
 * @param mergeFn merges one key both sides changed; "ours" is the branch merged into
 * @param context where the blocking merge runs
 * @return what the merge did
 * @throws io.prolly.error.MergeConflictException if the function throws for a key; nothing is
 *     written
 * @throws io.prolly.error.RevisionNotFoundException if the source or the branch does not exist
 * @throws CancellationException if cancelled before the merge started; nothing is written
 */
suspend fun <V : Any> Repository.awaitMerge(
    source: String,
    into: String,
    codec: Codec<V>,
    mergeFn: MergeFn<V>,
    context: CoroutineContext = Dispatchers.IO,
): MergeResult = runOnceStarted(context) { merge(source, into, codec, mergeFn) }

/**
 * Suspends while a branch is pushed to another repository: [Transfer.push] run in [context].
 * Cancellation is honoured until the push starts, as in [awaitCommit]: a [CancellationException]
 * means nothing was sent and the remote branch did not move; a started push runs to its end.
 *
 * @param remote the repository to push to
 * @param branch the branch, pushed under the same name
 * @param force whether to overwrite a remote branch that has commits this one lacks
 * @param context where the blocking push runs
 * @return what was transferred
 * @throws io.prolly.error.PushRejectedException if the push is not a fast-forward and not forced
 * @throws io.prolly.error.RevisionNotFoundException if this repository has no such branch
 * @throws CancellationException if cancelled before the push started; nothing is written
 */
suspend fun Transfer.awaitPush(
    remote: Repository,
    branch: String,
    force: Boolean = false,
    context: CoroutineContext = Dispatchers.IO,
): SyncReport = runOnceStarted(context) { push(remote, branch, force) }

/**
 * Suspends while a branch is pulled from another repository and merged into the local branch of
 * the same name: [Transfer.pull] run in [context]. Cancellation is honoured until the pull starts,
 * as in [awaitCommit].
 *
 * @param remote the repository to pull from
 * @param branch the branch, the same name on both sides
 * @param resolver decides keys both sides changed differently; by default every such key is a
 *     conflict
 * @param context where the blocking pull runs
 * @return what was fetched and how it was merged
 * @throws io.prolly.error.MergeConflictException if a key stays unresolved; the local branch is
 *     unchanged
 * @throws io.prolly.error.RevisionNotFoundException if the other repository has no such branch
 * @throws CancellationException if cancelled before the pull started; nothing is written
 */
suspend fun Transfer.awaitPull(
    remote: Repository,
    branch: String,
    resolver: ConflictResolver = ConflictResolver.fail(),
    context: CoroutineContext = Dispatchers.IO,
): SyncReport = runOnceStarted(context) { pull(remote, branch, resolver) }

/**
 * Suspends while garbage is collected: [Maintenance.gc] run in [context]. Cancellation is honoured
 * until the collection starts, as in [awaitCommit]; a started collection runs to its end, since
 * each of its deletion batches is safe on its own but stopping between them would only waste the
 * marking already done.
 *
 * @param context where the blocking collection runs
 * @return what was collected
 * @throws io.prolly.error.CorruptNodeException if a reachable node is missing
 * @throws CancellationException if cancelled before the collection started; nothing is deleted
 */
suspend fun Maintenance.awaitGc(context: CoroutineContext = Dispatchers.IO): GcReport =
    runOnceStarted(context) { gc() }
