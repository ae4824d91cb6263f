package io.prolly.kotlin

import io.prolly.Codec
import io.prolly.CommitResult
import io.prolly.Repository
import io.prolly.Snapshot
import io.prolly.Store

// A small DSL for staging and committing: the block stages writes with the store's own
// operators (this["k"] = v, remove("k")), and the commit follows it.

/**
 * Stages what [stage] writes and commits everything staged in this working copy as one commit:
 * `store.commit("restock") { this["tea"] = tea; remove("cake") }`.
 *
 * If the block throws, nothing is committed; what it staged before throwing stays staged, like
 * any other staged write ([Store.discardChanges] drops it). The commit is [Store.commit], with
 * its merge of whatever the branch received meanwhile.
 *
 * @param message why; may be empty
 * @param metadata string pairs stored with the commit
 * @param stage stages the writes, with this store as its receiver
 * @return the new commit and how it was made
 * @throws IllegalStateException if nothing is staged after the block
 * @throws io.prolly.error.MergeConflictException if a key changed on both sides stays unresolved;
 *     nothing is written and the staged writes stay
 * @throws io.prolly.error.ConcurrencyException if the branch kept moving through every retry
 */
inline fun <V : Any> Store<V>.commit(
    message: String,
    metadata: Map<String, String> = emptyMap(),
    stage: Store<V>.() -> Unit,
): CommitResult {
    stage()
    return commit(message, metadata)
}

/**
 * Commits to a branch what [stage] writes into a new working copy of it:
 * `repo.commit("main", items, "restock") { this["tea"] = tea; remove("cake") }`. The working copy
 * exists only for this call, so if the block throws nothing is staged anywhere and nothing is
 * written.
 *
 * @param branch the branch, such as `main`; created by this commit if the repository has no
 *     branch yet
 * @param codec turns the values into bytes and back
 * @param message why; may be empty
 * @param metadata string pairs stored with the commit
 * @param stage stages the writes, with the new working copy as its receiver
 * @return the new commit and how it was made
 * @throws IllegalStateException if the block staged nothing
 * @throws io.prolly.error.RevisionNotFoundException if the branch does not exist and others do
 * @throws io.prolly.error.MergeConflictException if the branch moved while the block ran and a
 *     key changed on both sides stays unresolved; nothing is written
 */
inline fun <V : Any> Repository.commit(
    branch: String,
    codec: Codec<V>,
    message: String,
    metadata: Map<String, String> = emptyMap(),
    stage: Store<V>.() -> Unit,
): CommitResult = store(branch, codec).commit(message, metadata, stage)

/**
 * Runs [block] on the view of a nested namespace of this working copy:
 * `store.namespace("eu") { this["visits"] = 1L }`. The view shares the working copy, so what the
 * block stages is committed by the next commit of this store or any of its views.
 *
 * @param name a name such as `eu`, or a path such as `eu/fr`
 * @param block what to do in the namespace
 * @return what the block returns
 * @throws IllegalArgumentException if the name is empty, has an empty segment or a control
 *     character
 */
inline fun <V : Any, R> Store<V>.namespace(name: String, block: Store<V>.() -> R): R = namespace(name).block()

/**
 * Runs [block] on the snapshot of a nested namespace of the same commit:
 * `snapshot.namespace("eu") { this["visits"] }`.
 *
 * @param name a name such as `eu`, or a path such as `eu/fr`
 * @param block what to read in the namespace
 * @return what the block returns
 * @throws IllegalArgumentException if the name is empty, has an empty segment or a control
 *     character
 */
inline fun <V : Any, R> Snapshot<V>.namespace(name: String, block: Snapshot<V>.() -> R): R = namespace(name).block()
