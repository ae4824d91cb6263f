package io.prolly.kotlin

import io.prolly.BranchUpdate
import io.prolly.Codec
import io.prolly.CommitInfo
import io.prolly.KeyChange
import io.prolly.Repository
import io.prolly.Watch
import java.util.function.Consumer
import java.util.stream.Stream
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn

// Cold flows over the repository's lazy streams and its watch listeners. Nothing is read or
// registered until a flow is collected, and each collection starts afresh.

/**
 * The history of a revision, newest first: [Repository.log] as a cold flow. Each collection
 * resolves the revision and reads the commits lazily in [context] as they are collected;
 * cancelling the collector stops the reading at the next commit.
 *
 * @param revision the revision, such as `main` or `v1.0~2`
 * @param context where the commits are read; a dispatcher suited to blocking I/O
 * @return the commits; collecting throws [io.prolly.error.RevisionNotFoundException] if the
 *     revision names no commit
 */
fun Repository.logFlow(revision: String, context: CoroutineContext = Dispatchers.IO): Flow<CommitInfo> =
    streamFlow(context) { log(revision) }

/**
 * What changed between two revisions in every namespace, decoded: [Repository.diff] as a cold
 * flow, read lazily in [context].
 *
 * @param from the older revision
 * @param to the newer revision
 * @param codec decodes the values
 * @param context where the trees are read
 * @return the changes, by namespace path then key; collecting throws
 *     [io.prolly.error.RevisionNotFoundException] if a revision names no commit
 */
fun <V : Any> Repository.diffFlow(
    from: String,
    to: String,
    codec: Codec<V>,
    context: CoroutineContext = Dispatchers.IO,
): Flow<KeyChange<V>> = streamFlow(context) { diff(from, to, codec) }

/**
 * What changed between two revisions in one namespace (not the namespaces nested in it):
 * [Repository.diff] of a namespace as a cold flow, read lazily in [context].
 *
 * @param from the older revision
 * @param to the newer revision
 * @param namespace the namespace path; `""` for the root namespace
 * @param codec decodes the values
 * @param context where the trees are read
 * @return the changes in key order; collecting throws
 *     [io.prolly.error.RevisionNotFoundException] if a revision names no commit and
 *     [IllegalArgumentException] if the namespace path is malformed
 */
fun <V : Any> Repository.diffFlow(
    from: String,
    to: String,
    namespace: String,
    codec: Codec<V>,
    context: CoroutineContext = Dispatchers.IO,
): Flow<KeyChange<V>> = streamFlow(context) { diff(from, to, namespace, codec) }

/**
 * The commits in a revision's history where a key changed, newest first: [Repository.history] as
 * a cold flow, read lazily in [context].
 *
 * @param revision where to start
 * @param namespace the key's namespace path; `""` for the root namespace
 * @param key the key
 * @param context where the history is read
 * @return the commits that changed the key; collecting throws
 *     [io.prolly.error.RevisionNotFoundException] if the revision names no commit and
 *     [IllegalArgumentException] if the namespace or key is malformed
 */
fun Repository.historyFlow(
    revision: String,
    namespace: String,
    key: String,
    context: CoroutineContext = Dispatchers.IO,
): Flow<CommitInfo> = streamFlow(context) { history(revision, namespace, key) }

/**
 * Every move of a branch through this repository, as [Repository.watch] reports it: a cold flow
 * that registers a listener when it is collected and closes it when the collector is cancelled or
 * stops (for example after `take(n)` or `first()`). Each collection has its own listener and sees
 * the updates made after it started, in order.
 *
 * No update is dropped: when the collector is slower than the branch moves, the listener's own
 * thread waits until the collector takes the next update, so committers are never held up and
 * the updates queue in the listener. Updates made by other processes sharing a server backend are
 * not seen, as with [Repository.watch].
 *
 * @param branch the branch to watch; it need not exist yet
 * @return the updates; collecting throws [IllegalArgumentException] if the branch name is invalid
 */
fun Repository.watchFlow(branch: String): Flow<BranchUpdate> = updatesOf { listener -> watch(branch, listener) }

/** The updates a listener registered by [register] hears, until the collector goes away. */
internal fun updatesOf(register: (Consumer<BranchUpdate>) -> Watch): Flow<BranchUpdate> = callbackFlow {
    // trySendBlocking waits on the listener's own thread while the buffer is full, and gives up
    // at once when the collector is gone and the channel closed.
    val watch = register { update -> trySendBlocking(update) }
    awaitClose { watch.close() }
}

/** A stream opened afresh for each collection, read in [context], closed when the collection ends. */
internal fun <T> streamFlow(context: CoroutineContext, open: () -> Stream<T>): Flow<T> = flow {
    open().use { stream ->
        val items = stream.iterator()
        while (items.hasNext()) {
            emit(items.next())
        }
    }
}.flowOn(context)
