package io.prolly.kotlin

import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext

/**
 * Runs one blocking operation of Prolly in [context], cancellable until it starts and not after.
 *
 * Cancellation is checked on the thread that runs the operation, just before it starts: a
 * coroutine cancelled while it waited for that thread throws [CancellationException] and the
 * operation never runs. Once started, the operation is not interrupted — interrupting a thread
 * in the middle of a backend's I/O can close the backend's file channel — and runs to its end,
 * all or nothing like every operation of a repository. Its result is then returned even if the
 * caller was cancelled meanwhile, because throwing [CancellationException] would tell the caller
 * that nothing happened; the cancellation takes effect at the caller's next suspension point.
 */
internal suspend fun <T> runOnceStarted(context: CoroutineContext, operation: () -> T): T {
    var finished = false
    var result: T? = null
    try {
        return withContext(context) {
            ensureActive()
            operation().also {
                result = it
                finished = true
            }
        }
    } catch (cancelled: CancellationException) {
        // withContext discards a result when its caller was cancelled while the operation ran; the
        // operation did happen, so its result is what the caller must see.
        if (finished) {
            @Suppress("UNCHECKED_CAST")
            return result as T
        }
        throw cancelled
    }
}
