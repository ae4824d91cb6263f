package io.prolly.kotlin

import io.prolly.Codec
import io.prolly.error.CodecException
import kotlinx.serialization.KSerializer

/** A [Codec] over one kotlinx.serialization format, reporting failures as the Codec contract says. */
internal class SerialFormatCodec<V : Any>(
    format: String,
    serializer: KSerializer<V>,
    private val encode: (V) -> ByteArray,
    private val decode: (ByteArray) -> V,
) : Codec<V> {

    private val name = "$format(${serializer.descriptor.serialName.substringAfterLast('.')})"

    override fun encode(value: V): ByteArray = try {
        encode.invoke(value)
    } catch (e: RuntimeException) {
        throw IllegalArgumentException("codec $name cannot encode $value: ${e.message}", e)
    }

    override fun decode(bytes: ByteArray): V = try {
        decode.invoke(bytes)
    } catch (e: Exception) {
        // Malformed input surfaces as SerializationException, but also as other exceptions of the
        // decoders (a truncated CBOR array, invalid UTF-8): all of them mean "not a value".
        throw CodecException(
            "codec $name cannot decode ${bytes.size} bytes: ${e.message}. Were they written by another codec, "
                + "or by a form of the class that no longer matches? Read them with the codec that wrote them.",
            e,
        )
    }

    override fun name(): String = name

    override fun toString(): String = name
}
