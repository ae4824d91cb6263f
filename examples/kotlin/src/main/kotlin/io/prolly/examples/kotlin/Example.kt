@file:JvmName("Example")

package io.prolly.examples.kotlin

import io.prolly.Codecs
import io.prolly.Prolly
import io.prolly.kotlin.awaitCommit
import io.prolly.kotlin.awaitMerge
import io.prolly.kotlin.commit
import io.prolly.kotlin.diffFlow
import io.prolly.kotlin.jsonCodec
import io.prolly.kotlin.namespace
import io.prolly.merge.MergeFn
import java.nio.file.Path
import kotlin.io.path.createTempDirectory
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable

/** An item of a shop's catalogue. */
@Serializable
data class Item(val name: String, val priceCents: Long)

/** The codec of the catalogue: JSON through kotlinx.serialization, readable by any JSON tool. */
val items = jsonCodec<Item>()

/**
 * A shop keeps its catalogue and a visit counter in a repository file: it commits, branches for a
 * sale, counts visits from two tills at once in two coroutines, merges, and reads old versions.
 * Every step reports what it sees through [say].
 */
suspend fun shop(file: Path, say: (String) -> Unit = ::println) {
    Prolly.open(file).use { repo ->
        val catalogue = repo.store("main", items)
        catalogue.commit("stock the shop") {
            this["tea"] = Item("Green tea", 450)
            this["cake"] = Item("Lemon cake", 300)
        }
        repo.createTag("opening", "main")

        val coffee: Item? = catalogue["coffee"] // JSpecify's @Nullable makes get() return Item?
        say("coffee: ${coffee?.name ?: "not sold"}, cake: ${"cake" in catalogue}")

        // A branch is its own line of commits; main sees them only when they are merged.
        repo.createBranch("sale", "main")
        repo.commit("sale", items, "tea on sale, cake sold out") {
            this["tea"] = require("tea").copy(priceCents = 350)
            remove("cake")
        }
        repo.diffFlow("main", "sale", items).collect { say("sale: $it") }

        // Two tills count visits at once, each in its own coroutine; the counter merge adds both up.
        coroutineScope {
            for (till in 1..2) {
                launch {
                    repo.store("main", Codecs.longs()).namespace("stats") {
                        setMergeFn("visits", MergeFn.counter())
                        this["visits"] = (this["visits"] ?: 0L) + 1
                        awaitCommit("a visit at till $till") // on Dispatchers.IO
                    }
                }
            }
        }
        say("visits: ${repo.snapshot("main", Codecs.longs()).namespace("stats") { this["visits"] }}")

        repo.awaitMerge("sale", "main")
        catalogue.refresh()
        say("tea now: ${catalogue["tea"]?.priceCents}, cake: ${"cake" in catalogue}")

        // Time travel: a tag, or any revision, reads as it was.
        say("tea at opening: ${repo.snapshot("opening", items)["tea"]?.priceCents}")
        say("cake before the sale: ${repo.snapshot("sale~1", items)["cake"]?.name}")
    }
}

fun main() = runBlocking {
    shop(createTempDirectory("prolly-shop").resolve("shop.prolly"))
}
