@file:JvmName("Example")

package io.prolly.examples.kotlin

import io.prolly.Codecs
import io.prolly.merge.MergeFn
import io.prolly.Prolly
import java.nio.file.Path
import kotlin.io.path.createTempDirectory

/** An item of a shop's catalogue. */
data class Item(val name: String, val priceCents: Long)

/** The codec of the catalogue: Kryo, which reads and writes registered classes only. */
val items = Codecs.kryo(Item::class.java)

/**
 * A shop keeps its catalogue and a visit counter in a repository file: it commits, branches for a
 * sale, counts visits from two working copies at once, merges, and reads old versions. Every step
 * reports what it sees through [say].
 */
fun shop(file: Path, say: (String) -> Unit = ::println) {
    Prolly.open(file).use { repo ->
        val catalogue = repo.store("main", items)
        catalogue["tea"] = Item("Green tea", 450)
        catalogue["cake"] = Item("Lemon cake", 300)
        catalogue.commit("stock the shop")
        repo.createTag("opening", "main")

        val coffee: Item? = catalogue["coffee"] // JSpecify's @Nullable makes get() return Item?
        say("coffee: ${coffee?.name ?: "not sold"}, cake: ${"cake" in catalogue}")

        // A branch is its own line of commits; main sees them only when they are merged.
        repo.createBranch("sale", "main")
        val sale = repo.store("sale", items)
        sale["tea"] = sale.require("tea").copy(priceCents = 350)
        sale.remove("cake")
        sale.commit("tea on sale, cake sold out")
        repo.diff("main", "sale", items).forEach { say("sale: $it") }

        // Two tills count visits at once; the counter merge adds both increments up.
        val till1 = repo.store("main", Codecs.longs()).namespace("stats")
        val till2 = repo.store("main", Codecs.longs()).namespace("stats")
        till2.setMergeFn("visits", MergeFn.counter())
        till1["visits"] = (till1["visits"] ?: 0L) + 1
        till2["visits"] = (till2["visits"] ?: 0L) + 1
        till1.commit("a visit at till 1")
        val merged = till2.commit("a visit at till 2").merged()
        say("visits: ${till2["visits"]}, merged: $merged")

        repo.merge("sale", "main")
        catalogue.refresh()
        say("tea now: ${catalogue["tea"]?.priceCents}, cake: ${"cake" in catalogue}")

        // Time travel: a tag, or any revision, reads as it was.
        say("tea at opening: ${repo.snapshot("opening", items)["tea"]?.priceCents}")
        say("cake before the sale: ${repo.snapshot("sale~1", items)["cake"]?.name}")
    }
}

fun main() {
    shop(createTempDirectory("prolly-shop").resolve("shop.prolly"))
}
