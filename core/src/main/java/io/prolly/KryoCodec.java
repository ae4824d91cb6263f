package io.prolly;

import io.prolly.error.CodecException;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.CRC32;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A Kryo codec that writes and reads only registered classes, each under an id derived from its
 * name. Kryo instances are not thread-safe, so each call borrows one from a pool.
 */
final class KryoCodec<V> implements Codec<V> {

  /** Ids below this are Kryo's own (primitives, String) and the JDK immutable collections. */
  private static final int FIRST_ID = 1024;
  private static final int ID_SPACE = 1 << 20;

  /** JDK classes values may hold; each has a serializer that needs no reflective access. */
  static final List<Class<?>> JDK_TYPES = List.of(
      ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
      HashSet.class, LinkedHashSet.class, TreeSet.class,
      BigDecimal.class, BigInteger.class, UUID.class,
      Instant.class, Duration.class, LocalDate.class, LocalDateTime.class,
      byte[].class, int[].class, long[].class, double[].class, boolean[].class, char[].class, String[].class);

  private final Class<V> type;
  private final Map<Class<?>, Integer> ids;
  private final Pool<Kryo> pool;

  KryoCodec(Class<V> type, List<Class<?>> alsoRegistered) {
    if (type == null || alsoRegistered.contains(null)) {
      throw new IllegalArgumentException("Kryo codec classes must not be null");
    }
    this.type = type;
    this.ids = assignIds(type, alsoRegistered);
    this.pool = new Pool<>(true, false) {
      @Override
      protected Kryo create() {
        return newKryo();
      }
    };
  }

  @Override
  public byte[] encode(V value) {
    if (value == null) {
      throw new IllegalArgumentException("value is null: " + name() + " cannot encode null; remove the key instead");
    }
    Kryo kryo = pool.obtain();
    try (Output out = new Output(256, -1)) {
      kryo.writeClassAndObject(out, value);
      return out.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + " cannot encode a " + value.getClass().getName() + ": "
          + e.getMessage() + ". " + remedy(value.getClass(), e), e);
    } finally {
      pool.free(kryo);
    }
  }

  /** What to do about a failed encoding: open a module's package to Kryo, or register classes. */
  private String remedy(Class<?> valueType, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.lang.reflect.InaccessibleObjectException && valueType.getModule().isNamed()) {
        return "Kryo reads values reflectively: add 'opens " + valueType.getPackageName()
            + " to com.esotericsoftware.kryo;' to the module-info of " + valueType.getModule().getName();
      }
    }
    return "Register every class that appears in values: Codecs.kryo(" + type.getSimpleName()
        + ".class, Other.class, ...)";
  }

  @Override
  public V decode(byte[] bytes) {
    Kryo kryo = pool.obtain();
    try (Input in = new Input(bytes)) {
      Object value = kryo.readClassAndObject(in);
      if (in.position() != bytes.length) {
        throw new CodecException(name() + " read " + in.position() + " of " + bytes.length
            + " bytes: the value was written by another codec or another version of the class", null);
      }
      if (!type.isInstance(value)) {
        throw new CodecException(name() + " read a " + (value == null ? "null" : value.getClass().getName())
            + ", not a " + type.getName(), null);
      }
      return type.cast(value);
    } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CodecException(name() + " cannot decode " + bytes.length + " bytes: " + e.getMessage()
          + " (was the value written with another codec, or by a changed class?)", e);
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public String name() {
    return "kryo(" + type.getSimpleName() + ")";
  }

  @Override
  public String toString() {
    return "Codec[" + name() + "]";
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    // Classes without a no-arg constructor, such as Kotlin data classes, would encode and then
    // fail to decode; Objenesis builds those. Only registered classes are ever instantiated.
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    ImmutableCollectionsSerializers.registerSerializers(kryo);
    ids.forEach((c, id) -> {
      if (c == UUID.class) {
        // Kryo has a UUID serializer but does not make it the default; without it Kryo would
        // reach into UUID's private fields, which Java 17 forbids.
        kryo.register(c, new DefaultSerializers.UUIDSerializer(), id);
      } else {
        kryo.register(c, id);
      }
    });
    return kryo;
  }

  private static Map<Class<?>, Integer> assignIds(Class<?> type, List<Class<?>> alsoRegistered) {
    List<Class<?>> classes = new ArrayList<>(JDK_TYPES);
    classes.add(type);
    classes.addAll(alsoRegistered);
    classes.sort(Comparator.comparing(Class::getName));
    Map<Class<?>, Integer> ids = new LinkedHashMap<>();
    Map<Integer, Class<?>> byId = new HashMap<>();
    for (Class<?> c : classes) {
      if (ids.containsKey(c)) {
        continue;
      }
      int id = idOf(c);
      Class<?> clash = byId.putIfAbsent(id, c);
      if (clash != null) {
        throw new IllegalArgumentException("classes " + clash.getName() + " and " + c.getName()
            + " map to the same Kryo id " + id + "; wrap one of them in a record of another name");
      }
      ids.put(c, id);
    }
    return ids;
  }

  /** A stable id from the class name: the same in every JVM and whatever else is registered. */
  private static int idOf(Class<?> c) {
    CRC32 crc = new CRC32();
    crc.update(c.getName().getBytes(StandardCharsets.UTF_8));
    return FIRST_ID + (int) (crc.getValue() % ID_SPACE);
  }
}
