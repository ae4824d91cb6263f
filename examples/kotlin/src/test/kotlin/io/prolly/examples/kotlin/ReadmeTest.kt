package io.prolly.examples.kotlin

import java.nio.file.Path
import kotlin.io.path.readLines
import kotlin.io.path.readText
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** The README's Kotlin example is taken from Example.kt, so that everything it shows compiles and runs. */
class ReadmeTest {

    @Test
    fun `every line of the README's Kotlin example is in Example kt, in the same order`() {
        val readme = Path.of("../../README.md").readText()
        val shown = readme.substringAfter("```kotlin\n", "").substringBefore("```").lines().filter { it.isNotBlank() }
        assertThat(shown).`as`("README.md has a Kotlin example").isNotEmpty()
        val source = Path.of("src/main/kotlin/io/prolly/examples/kotlin/Example.kt").readLines().iterator()
        val missing = shown.firstOrNull { line -> !source.skipTo(line) }
        assertThat(missing).`as`("README.md shows a line that Example.kt lacks here; copy it from the file").isNull()
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
