package io.prolly.kotlin

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.assertj.core.api.Assertions.assertThat

/** Waits for another thread to make [condition] true; fails the test after ten seconds. */
internal fun eventually(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
    while (!condition()) {
        assertThat(System.nanoTime() < deadline).`as`("within 10 s: $what").isTrue()
        Thread.sleep(5)
    }
}

/** Waits for the latch; fails the test after ten seconds. */
internal fun CountDownLatch.awaitOrFail(what: String) {
    assertThat(await(10, TimeUnit.SECONDS)).`as`("within 10 s: $what").isTrue()
}

/** The live threads that run the listeners of [Repository.watch] for a branch. */
internal fun watchThreads(branch: String): Int =
    Thread.getAllStackTraces().keys.count { it.isAlive && it.name == "prolly-watch-$branch" }
