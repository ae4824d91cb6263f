package io.prolly.kotlin

import io.prolly.Codecs
import io.prolly.Prolly
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

class StagingTest {

    private val repo = Prolly.inMemory()

    @AfterEach
    fun close() = repo.close()

    @Test
    fun `a store commits what its block stages, as one commit`() {
        val store = repo.store("main", Codecs.utf8())
        store.commit("first") {
            this["a"] = "1"
            this["x"] = "gone soon"
        }
        val result = store.commit("second", mapOf("by" to "test")) {
            this["b"] = "2"
            remove("x")
        }
        assertThat(repo.resolve("main")).isEqualTo(result.id)
        assertThat(repo.log("main").count()).isEqualTo(2)
        assertThat(repo.commitInfo("main").metadata()).containsEntry("by", "test")
        assertThat(repo.snapshot("main", Codecs.utf8()).entries().map { "${it.key}=${it.value}" }.toList())
            .containsExactly("a=1", "b=2")
    }

    @Test
    fun `a repository commits to a branch what the block stages in a fresh working copy`() {
        repo.commit("main", Codecs.longs(), "counts") {
            this["visits"] = 1L
            namespace("eu") { this["visits"] = 2L }
        }
        val snapshot = repo.snapshot("main", Codecs.longs())
        assertThat(snapshot["visits"]).isEqualTo(1L)
        assertThat(snapshot.namespace("eu") { this["visits"] }).isEqualTo(2L)
        assertThat(repo.commitInfo("main").message()).isEqualTo("counts")
    }

    @Test
    fun `a block that throws commits nothing`() {
        repo.commit("main", Codecs.utf8(), "base") { this["k"] = "base" }
        val head = repo.resolve("main")
        assertThatThrownBy {
            repo.commit("main", Codecs.utf8(), "broken") {
                this["k"] = "half"
                error("the block failed")
            }
        }.isInstanceOf(IllegalStateException::class.java).hasMessage("the block failed")
        assertThat(repo.resolve("main")).isEqualTo(head)
        assertThat(repo.snapshot("main", Codecs.utf8())["k"]).isEqualTo("base")
    }

    @Test
    fun `a block that stages nothing is refused like an empty commit`() {
        repo.commit("main", Codecs.utf8(), "base") { this["k"] = "base" }
        assertThatThrownBy { repo.commit("main", Codecs.utf8(), "empty") {} }
            .isInstanceOf(IllegalStateException::class.java)
        assertThat(repo.log("main").count()).isEqualTo(1)
    }

    @Test
    fun `a namespace block shares the working copy and returns its result`() {
        val store = repo.store("main", Codecs.longs())
        val staged = store.namespace("eu/fr") {
            this["orders"] = 3L
            namespacePath()
        }
        assertThat(staged).isEqualTo("eu/fr")
        assertThat(store.hasChanges()).`as`("the view stages into the store's working copy").isTrue()
        store.commit("french orders")
        assertThat(repo.snapshot("main", Codecs.longs()).namespace("eu") { namespace("fr")["orders"] }).isEqualTo(3L)
        assertThatThrownBy { store.namespace("eu//fr") {} }
            .isInstanceOf(IllegalArgumentException::class.java).hasMessageContaining("empty segment")
    }
}
