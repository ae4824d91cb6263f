package io.prolly.kotlin

import io.prolly.Prolly
import io.prolly.Repository
import java.nio.file.Path
import kotlin.io.path.readLines
import kotlin.io.path.readText
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

@Serializable
data class Item(val name: String, val priceCents: Long)

val items = jsonCodec<Item>()                                       // or cborCodec<Item>()

suspend fun restock(repo: Repository): List<String> {
    repo.commit("main", items, "restock") {                         // one commit of what the block stages
        this["tea"] = Item("Green tea", 450)
        remove("cake")
        namespace("eu") { this["tea"] = Item("Thé vert", 480) }
    }
    repo.createBranch("sale", "main")
    repo.commit("sale", items, "tea on sale") { this["tea"] = Item("Green tea", 350) }
    val store = repo.store("main", items)
    store["cake"] = Item("Lemon cake", 300)
    store.awaitCommit("cake is back")                               // suspends; the commit runs on Dispatchers.IO
    repo.awaitMerge("sale", "main", items, mergeFn { _, ours, theirs -> ours ?: theirs })
    return repo.logFlow("main").take(10).map { it.message() }.toList()  // newest first
}

/** The Kotlin example of docs/user-guide.md §14 is the code above, and does what the guide says. */
class UserGuideExampleTest {

    @Test
    fun `the guide's example commits, merges and lists the history`() = runBlocking<Unit> {
        Prolly.inMemory().use { repo ->
            val messages = restock(repo)
            assertThat(messages.first()).isEqualTo("Merge 'sale' into 'main'")
            assertThat(messages.drop(1)).containsExactlyInAnyOrder("cake is back", "tea on sale", "restock")
            val main = repo.snapshot("main", items)
            assertThat(main["tea"]).isEqualTo(Item("Green tea", 350))
            assertThat(main["cake"]).isEqualTo(Item("Lemon cake", 300))
            assertThat(main.namespace("eu") { this["tea"] }).isEqualTo(Item("Thé vert", 480))
        }
    }

    @Test
    fun `every line of the guide's Kotlin example is in this file, in the same order`() {
        val guide = Path.of("../docs/user-guide.md").readText()
        val shown = guide.substringAfter("## 14. Kotlin").substringAfter("```kotlin\n", "").substringBefore("```")
            .lines().filter { it.isNotBlank() }
        assertThat(shown).`as`("docs/user-guide.md §14 has a Kotlin example").isNotEmpty()
        val source = Path.of("src/test/kotlin/io/prolly/kotlin/UserGuideExampleTest.kt").readLines().iterator()
        val missing = shown.firstOrNull { line -> !source.skipTo(line) }
        assertThat(missing).`as`("the guide shows a line that UserGuideExampleTest.kt lacks here; copy it from the file")
            .isNull()
    }

    /** Advances past the next line equal to [line]; false if there is none. */
    private fun Iterator<String>.skipTo(line: String): Boolean {
        while (hasNext()) {
            if (next() == line) {
                return true
            }
        }
        return false
    }
}
