package io.prolly.kotlin

import io.prolly.Prolly
import io.prolly.error.CodecException
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.decodeFromByteArray
import kotlinx.serialization.json.Json
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test

@OptIn(ExperimentalSerializationApi::class)
class SerializationCodecsTest {

    @Serializable
    data class Item(val name: String, val priceCents: Long, val tags: List<String> = emptyList())

    @Serializable
    data class Renamed(val title: String)

    @Test
    fun `values of a Serializable class go through a store as JSON`() {
        val items = jsonCodec<Item>()
        Prolly.inMemory().use { repo ->
            repo.commit("main", items, "stock") { this["tea"] = Item("Green tea", 450, listOf("hot")) }
            assertThat(repo.snapshot("main", items)["tea"]).isEqualTo(Item("Green tea", 450, listOf("hot")))
        }
        assertThat(items.encode(Item("Green tea", 450)).decodeToString())
            .isEqualTo("""{"name":"Green tea","priceCents":450}""")
        assertThat(items.name()).isEqualTo("json(Item)")
    }

    @Test
    fun `values of a Serializable class go through a store as CBOR`() {
        val items = cborCodec<Item>()
        Prolly.inMemory().use { repo ->
            repo.commit("main", items, "stock") { this["cake"] = Item("Lemon cake", 300) }
            assertThat(repo.snapshot("main", items)["cake"]).isEqualTo(Item("Lemon cake", 300))
        }
        assertThat(items.name()).isEqualTo("cbor(Item)")
        val bytes = items.encode(Item("Lemon cake", 300))
        assertThat(Cbor.decodeFromByteArray<Item>(bytes)).isEqualTo(Item("Lemon cake", 300))
    }

    @Test
    fun `equal values give equal bytes`() {
        for (codec in listOf(jsonCodec<Item>(), cborCodec<Item>())) {
            val one = codec.encode(Item("Tea", 1, listOf("a", "b")))
            val other = codec.encode(Item("Tea", 1, mutableListOf("a").apply { add("b") }))
            assertThat(one).`as`(codec.name()).isEqualTo(other)
            assertThat(codec.decode(one)).isEqualTo(Item("Tea", 1, listOf("a", "b")))
        }
    }

    @Test
    fun `bytes of another class or no class at all are a CodecException`() {
        val titles = jsonCodec<Renamed>().encode(Renamed("A"))
        assertThatThrownBy { jsonCodec<Item>().decode(titles) }
            .isInstanceOf(CodecException::class.java)
            .hasMessageContaining("json(Item) cannot decode")
            .hasCauseInstanceOf(SerializationException::class.java)
        assertThatThrownBy { jsonCodec<Item>().decode(byteArrayOf(0xff.toByte(), 0xfe.toByte())) }
            .isInstanceOf(CodecException::class.java)
        assertThatThrownBy { cborCodec<Item>().decode(cborCodec<Item>().encode(Item("Tea", 1)).copyOf(5)) }
            .isInstanceOf(CodecException::class.java).hasMessageContaining("cbor(Item) cannot decode 5 bytes")
    }

    @Test
    fun `a JSON configuration of the application's is honoured`() {
        val lenient = jsonCodec<Item>(Json { ignoreUnknownKeys = true })
        val newer = """{"name":"Tea","priceCents":1,"origin":"Japan"}""".encodeToByteArray()
        assertThat(lenient.decode(newer)).isEqualTo(Item("Tea", 1))
        assertThatThrownBy { jsonCodec<Item>().decode(newer) }.isInstanceOf(CodecException::class.java)
    }
}
