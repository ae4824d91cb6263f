package io.prolly.kotlin

import io.prolly.Codecs
import io.prolly.Prolly
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

class MergeFunctionsTest {

    @Test
    fun `mergeFn sees nullable sides and may remove the key`() {
        val keepUnlessRemoved = mergeFn<String> { _, ours, theirs ->
            if (ours == null || theirs == null) null else ours
        }
        assertThat(keepUnlessRemoved.merge("base", "ours", "theirs")).isEqualTo("ours")
        assertThat(keepUnlessRemoved.merge("base", null, "theirs")).isNull()
        assertThat(keepUnlessRemoved.merge(null, "ours", null)).isNull()
    }

    @Test
    fun `mergeFn with a value for absent sides reads every side as a value`() {
        val counter = mergeFn(absent = 0L) { base, ours, theirs -> theirs + (ours - base) }
        assertThat(counter.merge(null, 2L, 3L)).isEqualTo(5L)
        assertThat(counter.merge(1L, 2L, null)).isEqualTo(1L)
        val union = mergeFn(absent = emptySet<String>()) { base, ours, theirs ->
            (ours + theirs) - (base - ours) - (base - theirs)
        }
        assertThat(union.merge(setOf("a", "b"), setOf("a", "c"), setOf("a", "b", "d")))
            .containsExactlyInAnyOrder("a", "c", "d")
    }

    @Test
    fun `a Kotlin merge function resolves concurrent commits of a store`() {
        Prolly.inMemory().use { repo ->
            repo.commit("main", Codecs.longs(), "start") { this["high"] = 10L }
            val ours = repo.store("main", Codecs.longs())
            ours.setMergeFn("high", mergeFn { _, mine, theirs ->
                maxOf(mine ?: Long.MIN_VALUE, theirs ?: Long.MIN_VALUE)
            })
            repo.commit("main", Codecs.longs(), "theirs") { this["high"] = 30L }
            ours["high"] = 20L
            assertThat(ours.commit("ours").merge).isNotNull()
            assertThat(repo.snapshot("main", Codecs.longs())["high"]).isEqualTo(30L)
        }
    }
}
