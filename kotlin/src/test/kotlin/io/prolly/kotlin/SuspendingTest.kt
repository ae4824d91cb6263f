package io.prolly.kotlin

import io.prolly.Codecs
import io.prolly.CommitResult
import io.prolly.Prolly
import io.prolly.error.MergeConflictException
import io.prolly.merge.MergeFn
import io.prolly.merge.MergeResult
import java.util.concurrent.CountDownLatch
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

class SuspendingTest {

    private val repo = Prolly.inMemory()

    /** One thread, so a test can hold it and line work up behind it. */
    private val executor = ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, LinkedBlockingQueue()) { task ->
        Thread(task, "prolly-test-io").apply { isDaemon = true }
    }
    private val single = executor.asCoroutineDispatcher()

    @AfterEach
    fun close() {
        single.close()
        repo.close()
    }

    @Test
    fun `awaitCommit commits what is staged and returns the new head`() = runBlocking<Unit> {
        val store = repo.store("main", Codecs.utf8())
        store["k"] = "v"
        val result = store.awaitCommit("first", mapOf("ticket" to "T-1"))
        assertThat(repo.resolve("main")).isEqualTo(result.id)
        assertThat(store.hasChanges()).isFalse()
        assertThat(repo.commitInfo("main").metadata()).containsEntry("ticket", "T-1")
        assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("v")
    }

    @Test
    fun `a commit cancelled before it starts writes nothing and keeps the staged writes`() = runBlocking<Unit> {
        val store = repo.store("main", Codecs.utf8())
        store["k"] = "committed"
        store.commit("first")
        val head = repo.resolve("main")
        store["k"] = "never"

        val gate = CountDownLatch(1)
        executor.execute { gate.await() } // holds the only thread of the commit's dispatcher
        val job = launch(Dispatchers.Default) { store.awaitCommit("cancelled", context = single) }
        eventually("the commit waits for the dispatcher's thread") { executor.queue.size == 1 }
        job.cancel()
        gate.countDown()
        job.join()

        assertThat(job.isCancelled).isTrue()
        assertThat(repo.resolve("main")).isEqualTo(head)
        assertThat(repo.log("main").count()).isEqualTo(1)
        assertThat(store.hasChanges()).`as`("the staged write is still there to commit or discard").isTrue()
        assertThat(store.awaitCommit("later", context = single).parent).isEqualTo(head)
        assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("never")
    }

    @Test
    fun `a commit cancelled after it started completes and returns its result`() = runBlocking<Unit> {
        repo.store("main", Codecs.utf8()).apply { this["k"] = "base" }.commit("base")
        val ours = repo.store("main", Codecs.utf8())
        val theirs = repo.store("main", Codecs.utf8())
        theirs["k"] = "theirs"
        theirs.commit("theirs")

        val merging = CountDownLatch(1)
        val release = CountDownLatch(1)
        ours.setMergeFn("k", mergeFn { _, mine, _ ->
            merging.countDown()
            release.await()
            mine
        })
        ours["k"] = "ours"
        var result: CommitResult? = null
        val job = launch(Dispatchers.Default) { result = ours.awaitCommit("ours") }
        merging.awaitOrFail("the commit is merging")
        job.cancel()
        release.countDown()
        job.join()

        assertThat(job.isCancelled).`as`("the caller was cancelled").isTrue()
        assertThat(result).`as`("the started commit reports what it did").isNotNull()
        val committed = result!!
        assertThat(repo.resolve("main")).isEqualTo(committed.id)
        assertThat(committed.merge?.kind).isEqualTo(MergeResult.Kind.MERGED)
        assertThat(ours.hasChanges()).isFalse()
        assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("ours")
    }

    @Test
    fun `a commit that fails throws its own exception and writes nothing`() = runBlocking<Unit> {
        val first = repo.store("main", Codecs.utf8())
        first["k"] = "a"
        first.commit("a")
        val second = repo.store("main", Codecs.utf8())
        val third = repo.store("main", Codecs.utf8())
        second["k"] = "b"
        third["k"] = "c"
        second.awaitCommit("b")
        val head = repo.resolve("main")

        val failure = runCatching { third.awaitCommit("c") }.exceptionOrNull()
        assertThat(failure).isInstanceOf(MergeConflictException::class.java)
        assertThat(repo.resolve("main")).isEqualTo(head)
        assertThat(third.hasChanges()).isTrue()
    }

    @Test
    fun `awaitMerge runs in the given context and moves the branch`() = runBlocking<Unit> {
        val main = repo.store("main", Codecs.longs())
        main["n"] = 1
        main.commit("one")
        repo.createBranch("feature", "main")
        repo.store("feature", Codecs.longs()).commit("feature adds two") { this["n"] = 3L }
        main.commit("main adds one") { this["n"] = 2L }

        var mergedOn: String? = null
        val counter = mergeFn<Long> { base, ours, theirs ->
            mergedOn = Thread.currentThread().name
            MergeFn.counter().merge(base, ours, theirs)
        }
        val result = repo.awaitMerge("feature", "main", Codecs.longs(), counter, context = single)

        assertThat(result.kind).isEqualTo(MergeResult.Kind.MERGED)
        assertThat(mergedOn).startsWith("prolly-test-io") // and " @coroutine#n" in debug mode
        assertThat(repo.snapshot("main", Codecs.longs())["n"]).isEqualTo(4L)
    }

    @Test
    fun `a merge cancelled before it starts leaves the branch where it was`() = runBlocking<Unit> {
        repo.commit("main", Codecs.utf8(), "base") { this["k"] = "base" }
        repo.createBranch("feature", "main")
        repo.commit("feature", Codecs.utf8(), "change") { this["k"] = "feature" }
        val head = repo.resolve("main")

        val gate = CountDownLatch(1)
        executor.execute { gate.await() }
        val job = launch(Dispatchers.Default) { repo.awaitMerge("feature", "main", context = single) }
        eventually("the merge waits for the dispatcher's thread") { executor.queue.size == 1 }
        job.cancel()
        gate.countDown()
        job.join()

        assertThat(repo.resolve("main")).isEqualTo(head)
        assertThat(repo.awaitMerge("feature", "main").kind).isEqualTo(MergeResult.Kind.FAST_FORWARD)
        assertThat(repo.resolve("main")).isEqualTo(repo.resolve("feature"))
    }

    @Test
    fun `awaitPush and awaitPull move a branch between repositories`() = runBlocking<Unit> {
        Prolly.inMemory().use { remote ->
            repo.commit("main", Codecs.utf8(), "local") { this["k"] = "v" }
            val pushed = repo.transfer().awaitPush(remote, "main")
            assertThat(pushed.refsUpdated()).containsExactly("heads/main")
            assertThat(remote.resolve("main")).isEqualTo(repo.resolve("main"))

            remote.commit("main", Codecs.utf8(), "remote") { this["k"] = "w" }
            val pulled = repo.transfer().awaitPull(remote, "main")
            assertThat(pulled.nodesTransferred()).isPositive()
            assertThat(repo.resolve("main")).isEqualTo(remote.resolve("main"))
            assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("w")
        }
    }

    @Test
    fun `awaitGc deletes what no ref reaches any more`() = runBlocking<Unit> {
        repo.commit("main", Codecs.utf8(), "kept") { this["k"] = "kept" }
        val kept = repo.resolve("main")
        repo.commit("main", Codecs.utf8(), "dropped") { this["k"] = "x".repeat(10_000) }
        repo.reset("main", kept.toString())

        val report = repo.maintenance().awaitGc()
        assertThat(report.nodesDeleted()).isPositive()
        assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("kept")
    }

    @Test
    fun `commits launched in one scope have all finished when the scope returns`() = runBlocking<Unit> {
        repo.commit("main", Codecs.longs(), "zero") { this["visits"] = 0L }
        coroutineScope {
            repeat(4) { till ->
                launch(Dispatchers.Default) {
                    val store = repo.store("main", Codecs.longs())
                    store.setMergeFn("visits", MergeFn.counter())
                    store["visits"] = store.require("visits") + 1
                    yield()
                    store.awaitCommit("a visit at till $till")
                }
            }
        }
        assertThat(repo.snapshot("main", Codecs.longs())["visits"]).isEqualTo(4L)
        assertThat(repo.log("main").count()).isEqualTo(5)
    }
}
