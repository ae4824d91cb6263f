package io.prolly.kotlin

import io.prolly.BranchUpdate
import io.prolly.Codecs
import io.prolly.KeyChange
import io.prolly.Prolly
import io.prolly.Watch
import io.prolly.error.MergeConflictException
import io.prolly.error.RevisionNotFoundException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

class FlowsTest {

    private val repo = Prolly.inMemory()

    /** How many listeners registered through [countedWatch] are still open. */
    private val openWatches = AtomicInteger()
    private val registered = CountDownLatch(1)

    @AfterEach
    fun close() = repo.close()

    @Test
    fun `logFlow gives the commits of log, newest first, and reads only what is collected`() = runBlocking<Unit> {
        repeat(5) { n -> repo.commit("main", Codecs.longs(), "commit $n") { this["n"] = n.toLong() } }
        assertThat(repo.logFlow("main").map { it.message() }.toList())
            .containsExactly("commit 4", "commit 3", "commit 2", "commit 1", "commit 0")
        assertThat(repo.logFlow("main~1").take(2).map { it.message() }.toList()).containsExactly("commit 3", "commit 2")
    }

    @Test
    fun `a flow reads nothing until it is collected, and each collection starts afresh`() = runBlocking<Unit> {
        val log = repo.logFlow("main")
        val failure = runCatching { log.toList() }.exceptionOrNull()
        assertThat(failure).`as`("the branch does not exist yet").isInstanceOf(RevisionNotFoundException::class.java)
        repo.commit("main", Codecs.utf8(), "now it does") { this["k"] = "v" }
        assertThat(log.toList().map { it.message() }).containsExactly("now it does")
    }

    @Test
    fun `diffFlow lists the changes of every namespace or of one`() = runBlocking<Unit> {
        repo.commit("main", Codecs.utf8(), "before") {
            this["a"] = "1"
            this["b"] = "2"
            namespace("eu") { this["c"] = "3" }
        }
        repo.commit("main", Codecs.utf8(), "after") {
            this["a"] = "one"
            remove("b")
            namespace("eu") { this["d"] = "4" }
        }
        assertThat(repo.diffFlow("main~1", "main", Codecs.utf8()).toList()).containsExactly(
            KeyChange("", "a", "1", "one"),
            KeyChange("", "b", "2", null),
            KeyChange("eu", "d", null, "4"),
        )
        assertThat(repo.diffFlow("main~1", "main", "eu", Codecs.utf8()).toList())
            .containsExactly(KeyChange("eu", "d", null, "4"))
        assertThat(repo.diffFlow("main~1", "main", "eu", Codecs.utf8()).toList())
            .isEqualTo(repo.diff("main~1", "main", "eu", Codecs.utf8()).toList())
    }

    @Test
    fun `historyFlow gives the commits that changed a key`() = runBlocking<Unit> {
        repo.commit("main", Codecs.utf8(), "set k") { this["k"] = "1" }
        repo.commit("main", Codecs.utf8(), "other key") { this["other"] = "x" }
        repo.commit("main", Codecs.utf8(), "change k") { this["k"] = "2" }
        assertThat(repo.historyFlow("main", "", "k").map { it.message() }.toList()).containsExactly("change k", "set k")
        val malformed = runCatching { repo.historyFlow("main", "a//b", "k").toList() }.exceptionOrNull()
        assertThat(malformed).isInstanceOf(IllegalArgumentException::class.java).hasMessageContaining("empty segment")
    }

    @Test
    fun `watchFlow tells each move of the branch, in order`() = runBlocking<Unit> {
        val updates = Channel<BranchUpdate>(Channel.UNLIMITED)
        val collector = launch(Dispatchers.Default) { updatesOf(::countedWatch).collect { updates.send(it) } }
        registered.awaitOrFail("the flow registered its listener")
        val first = repo.commit("watched", Codecs.utf8(), "create") { this["k"] = "1" }
        val second = repo.commit("watched", Codecs.utf8(), "change") { this["k"] = "2" }
        withTimeout(10_000) {
            assertThat(updates.receive()).isEqualTo(BranchUpdate("watched", null, first.id))
            assertThat(updates.receive()).isEqualTo(BranchUpdate("watched", first.id, second.id))
        }
        collector.cancelAndJoin()
    }

    @Test
    fun `cancelling the collector of a watch flow closes its listener`() = runBlocking<Unit> {
        val seen = AtomicInteger()
        val collector = launch(Dispatchers.Default) { updatesOf(::countedWatch).collect { seen.incrementAndGet() } }
        registered.awaitOrFail("the flow registered its listener")
        assertThat(openWatches.get()).isEqualTo(1)
        repo.commit("watched", Codecs.utf8(), "seen") { this["k"] = "1" }
        eventually("the update reaches the collector") { seen.get() == 1 }

        collector.cancelAndJoin()
        assertThat(openWatches.get()).`as`("the listener was closed when the collector was cancelled").isZero()
        repo.commit("watched", Codecs.utf8(), "after the cancel") { this["k"] = "2" }
        delay(100) // an update that leaked to the old collector would arrive within this
        assertThat(seen.get()).isEqualTo(1)
    }

    @Test
    fun `a watch flow that stops by itself leaves no listener thread behind`() = runBlocking<Unit> {
        val branch = "stops-by-itself"
        val store = repo.store(branch, Codecs.longs())
        val first = async(Dispatchers.Default, start = CoroutineStart.DEFAULT) { repo.watchFlow(branch).first() }
        withTimeout(10_000) {
            // The flow registers its listener asynchronously: commit until it has heard one.
            var n = 0L
            while (!first.isCompleted) {
                store.commit("tick $n") { this["n"] = n++ }
                delay(5)
            }
        }
        assertThat(first.await().branch()).isEqualTo(branch)
        // A listener that was not closed keeps its thread for ever; a closed one's thread ends.
        eventually("the listener's thread ends") { watchThreads(branch) == 0 }
        store.commit("after the flow stopped") { this["n"] = -1L }
        delay(100)
        assertThat(watchThreads(branch)).`as`("no listener is left to start a thread for the update").isZero()
    }

    @Test
    fun `a failing sibling cancels a watch flow and its listener is closed`() = runBlocking<Unit> {
        repo.commit("main", Codecs.utf8(), "base") { this["k"] = "base" }
        val ours = repo.store("main", Codecs.utf8())
        val failure = runCatching {
            coroutineScope {
                launch(Dispatchers.Default) { updatesOf(::countedWatch).collect {} }
                registered.awaitOrFail("the flow registered its listener")
                repo.commit("main", Codecs.utf8(), "theirs") { this["k"] = "theirs" }
                ours["k"] = "ours"
                ours.awaitCommit("conflicts")
            }
        }.exceptionOrNull()
        assertThat(failure).isInstanceOf(MergeConflictException::class.java)
        assertThat(openWatches.get()).`as`("the scope's failure cancelled the collector").isZero()
    }

    /** [io.prolly.Repository.watch] of branch `watched`, counting the listeners still open. */
    private fun countedWatch(listener: Consumer<BranchUpdate>): Watch {
        val watch = repo.watch("watched", listener)
        openWatches.incrementAndGet()
        registered.countDown()
        val closed = AtomicBoolean()
        return Watch {
            if (closed.compareAndSet(false, true)) {
                watch.close()
                openWatches.decrementAndGet()
            }
        }
    }
}
