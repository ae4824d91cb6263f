package io.prolly.examples.kotlin

import io.prolly.Codecs
import io.prolly.merge.MergeFn
import io.prolly.Prolly
import io.prolly.Store
import kotlin.reflect.KType
import kotlin.reflect.typeOf
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * What Kotlin makes of the API's JSpecify annotations: `@Nullable` results are `V?`, everything
 * else in the `@NullMarked` package is non-null. The types checked here are the ones the compiler
 * inferred, so a lost or misplaced annotation fails these tests.
 */
class NullnessTest {

    @Test
    fun `get returns a nullable value, null for an absent key`() {
        Prolly.inMemory().use { repo ->
            val store = repo.store("main", Codecs.utf8())
            val absent: String? = store["absent"]
            assertThat(absent).isNull()
            assertThat(staticType(store["absent"])).isEqualTo(typeOf<String?>())
        }
    }

    @Test
    fun `require, getOrDefault and the elvis operator give non-null values`() {
        Prolly.inMemory().use { repo ->
            val store = repo.store("main", Codecs.utf8())
            store["k"] = "v"
            val required: String = store.require("k")
            val defaulted: String = store.getOrDefault("absent", "default")
            val elvis: String = store["absent"] ?: "fallback"
            assertThat(listOf(required, defaulted, elvis)).containsExactly("v", "default", "fallback")
            assertThat(staticType(store.require("k"))).isEqualTo(typeOf<String>())
        }
    }

    @Test
    fun `commits of a branch without history are nullable`() {
        Prolly.inMemory().use { repo ->
            val store: Store<Long> = repo.store("main", Codecs.longs())
            assertThat(store.baseCommit()).isNull()
            assertThat(store.lastMergeResult()).isNull()
            store["n"] = 1
            val result = store.commit("first")
            assertThat(result.parent).isNull()
            assertThat(staticType(store.baseCommit()).isMarkedNullable).isTrue()
            assertThat(staticType(result.id).isMarkedNullable).isFalse()
        }
    }

    @Test
    fun `a merge function sees nullable sides and may return null to remove the key`() {
        val removeUnlessBoth = MergeFn<String> { _, ours, theirs -> if (ours != null && theirs != null) ours else null }
        assertThat(removeUnlessBoth.merge(null, "a", null)).isNull()
        assertThat(removeUnlessBoth.merge("base", "a", "b")).isEqualTo("a")
        assertThat(MergeFn.counter().merge(null, 2, 3)).isEqualTo(5L)
    }

    /** The type the compiler inferred for an expression. */
    private inline fun <reified T> staticType(@Suppress("UNUSED_PARAMETER") value: T): KType = typeOf<T>()
}
