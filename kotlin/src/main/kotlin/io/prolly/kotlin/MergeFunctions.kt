package io.prolly.kotlin

import io.prolly.merge.MergeFn

/**
 * Makes a [MergeFn] of a Kotlin function, with the value type given once:
 * `mergeFn<Long> { base, ours, theirs -> maxOf(ours ?: 0, theirs ?: 0) }`.
 *
 * A null argument means the key is absent on that side; returning null removes the key. The
 * function should be pure: it may be called again when a commit is retried. If it throws, the key
 * counts as unresolved and nothing is written ([io.prolly.error.MergeConflictException] reports
 * the exception).
 *
 * @param merge merges one key that both sides changed: the common ancestor's value, ours (the
 *     side committed or merged into) and theirs
 * @return the merge function, usable with [io.prolly.Store.setMergeFn], [io.prolly.Repository.merge]
 *     and [awaitMerge]
 */
inline fun <V : Any> mergeFn(crossinline merge: (base: V?, ours: V?, theirs: V?) -> V?): MergeFn<V> =
    MergeFn { base, ours, theirs -> merge(base, ours, theirs) }

/**
 * Makes a [MergeFn] of a Kotlin function that sees every side as a value: an absent side reads as
 * [absent], and the result is always stored. For values with a natural empty one, such as `0L`
 * for counters or `emptySet()` for sets:
 * `mergeFn(absent = 0L) { base, ours, theirs -> theirs + (ours - base) }`.
 *
 * @param absent what an absent side counts as
 * @param merge merges one key that both sides changed
 * @return the merge function
 */
inline fun <V : Any> mergeFn(absent: V, crossinline merge: (base: V, ours: V, theirs: V) -> V): MergeFn<V> =
    MergeFn { base, ours, theirs -> merge(base ?: absent, ours ?: absent, theirs ?: absent) }
