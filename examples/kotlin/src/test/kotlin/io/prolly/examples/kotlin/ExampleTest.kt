package io.prolly.examples.kotlin

import io.prolly.Codecs
import io.prolly.merge.MergeResult
import io.prolly.Prolly
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

class ExampleTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun `the shop reports what each step sees`() {
        val said = mutableListOf<String>()
        runBlocking { shop(dir.resolve("shop.prolly"), said::add) }
        assertThat(said).containsExactly(
            "coffee: not sold, cake: true",
            "sale: - cake (was Item(name=Lemon cake, priceCents=300))",
            "sale: ~ tea: Item(name=Green tea, priceCents=450) -> Item(name=Green tea, priceCents=350)",
            "visits: 2",
            "tea now: 350, cake: false",
            "tea at opening: 450",
            "cake before the sale: Lemon cake",
        )
    }

    @Test
    fun `the shop's history is in its file after the repository is closed`() {
        val file = dir.resolve("shop.prolly")
        runBlocking { shop(file) {} }
        Prolly.open(file).use { repo ->
            assertThat(repo.branches().keys).containsExactly("main", "sale")
            assertThat(repo.tags().keys).containsExactly("opening")
            val main = repo.snapshot("main", items)
            assertThat(main["tea"]).isEqualTo(Item("Green tea", 350))
            assertThat(repo.snapshot("main", Codecs.utf8())["tea"])
                .`as`("the catalogue is stored as JSON")
                .isEqualTo("""{"name":"Green tea","priceCents":350}""")
            assertThat("cake" in main).isFalse()
            assertThat(repo.snapshot("main", Codecs.longs()).namespace("stats")["visits"]).isEqualTo(2L)
            val head = repo.commitInfo("main")
            assertThat(head.isMerge).`as`("the sale was merged into main with a merge commit").isTrue()
            assertThat(repo.log("main").map { it.message }.toList()).contains(
                "a visit at till 1", "a visit at till 2", "tea on sale, cake sold out", "stock the shop",
            )
        }
    }

    @Test
    fun `merging the sale a second time finds main up to date`() {
        val file = dir.resolve("shop.prolly")
        runBlocking { shop(file) {} }
        Prolly.open(file).use { repo ->
            assertThat(repo.merge("sale", "main").kind).isEqualTo(MergeResult.Kind.UP_TO_DATE)
        }
    }
}
