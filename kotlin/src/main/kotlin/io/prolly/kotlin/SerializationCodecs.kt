package io.prolly.kotlin

import io.prolly.Codec
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer

// Codecs for @Serializable classes. Prolly compares versions by the hash of the encoded bytes, so
// a codec must give equal bytes for equal values: both formats write a class's properties in
// declaration order, which is stable; what is not stable is the iteration order of a hash-based
// Map or Set inside a value, so keep such collections sorted (or as lists) in stored classes.

/**
 * A codec that stores values of a `@Serializable` class as UTF-8 JSON:
 * `val items = jsonCodec<Item>()`. The bytes are readable with any JSON tool, and a class may
 * gain properties with default values and still read its old values.
 *
 * @param json the JSON configuration; [Json.Default] by default, which fails on unknown keys
 * @return the codec, thread-safe; its name is `json(Item)`
 */
inline fun <reified V : Any> jsonCodec(json: Json = Json): Codec<V> = jsonCodec(serializer<V>(), json)

/**
 * A codec that stores values as UTF-8 JSON with an explicit serializer, for classes whose
 * serializer is not found by type (contextual or hand-written ones).
 *
 * @param serializer writes and reads the values
 * @param json the JSON configuration; [Json.Default] by default
 * @return the codec, thread-safe
 */
fun <V : Any> jsonCodec(serializer: KSerializer<V>, json: Json = Json): Codec<V> = SerialFormatCodec(
    "json", serializer,
    encode = { value -> json.encodeToString(serializer, value).encodeToByteArray() },
    decode = { bytes -> json.decodeFromString(serializer, bytes.decodeToString(throwOnInvalidSequence = true)) },
)

/**
 * A codec that stores values of a `@Serializable` class as CBOR (RFC 8949), a compact binary
 * form: `val items = cborCodec<Item>()`.
 *
 * kotlinx.serialization's CBOR format is experimental, so this function is too: callers opt in
 * with `@OptIn(ExperimentalSerializationApi::class)`.
 *
 * @param cbor the CBOR configuration; [Cbor.Default] by default
 * @return the codec, thread-safe; its name is `cbor(Item)`
 */
@ExperimentalSerializationApi
inline fun <reified V : Any> cborCodec(cbor: Cbor = Cbor): Codec<V> = cborCodec(serializer<V>(), cbor)

/**
 * A codec that stores values as CBOR with an explicit serializer.
 *
 * @param serializer writes and reads the values
 * @param cbor the CBOR configuration; [Cbor.Default] by default
 * @return the codec, thread-safe
 */
@ExperimentalSerializationApi
fun <V : Any> cborCodec(serializer: KSerializer<V>, cbor: Cbor = Cbor): Codec<V> = SerialFormatCodec(
    "cbor", serializer,
    encode = { value -> cbor.encodeToByteArray(serializer, value) },
    decode = { bytes -> cbor.decodeFromByteArray(serializer, bytes) },
)
