package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's commands, replies and relay messages on the event bus: by reference within a
 * process (all are immutable records), as JSON between the nodes of a fleet. The JSON form
 * follows from each record's components, so a new command or reply needs no codec change.
 * Only the records of {@link ShardCommand}, {@link ShardReply} and {@link RelayMessage} (and the
 * records they hold) are ever built from the wire: a node never instantiates a class another
 * node names.
 */
public final class WireCodec extends ReferenceCodec {
  public static final String NAME = "pulsechat-wire";
  private static final Map<String, RecordType> BY_TAG = new HashMap<>();
  private static final Map<Class<?>, RecordType> BY_CLASS = new HashMap<>();

  static {
    for (Class<?> root : List.of(ShardCommand.class, ShardReply.class, RelayMessage.class)) {
      learn(root);
    }
  }

  WireCodec() {
    super(NAME);
  }

  public static void registerOn(EventBus eventBus) {
    register(eventBus, new WireCodec());
  }

  @Override
  protected JsonObject toJson(Object o) {
    return encode(o);
  }

  @Override
  protected Object fromJson(JsonObject json) {
    return decode(json);
  }

  static JsonObject encode(Object o) {
    RecordType type = BY_CLASS.get(o.getClass());
    if (type == null || !type.tagged) {
      throw new IllegalArgumentException("no wire form for " + o.getClass().getName());
    }
    return type.toJson(o).put("t", type.tag);
  }

  static Object decode(JsonObject json) {
    RecordType type = BY_TAG.get(json.getString("t"));
    if (type == null) {
      throw new IllegalArgumentException("unknown wire type " + json.getString("t"));
    }
    return type.fromJson(json);
  }

  /** Every record permitted under {@code root}, tagged by simple name, and the records they hold. */
  private static void learn(Class<?> root) {
    if (root.isRecord()) {
      RecordType type = recordType(root);
      type.tagged = true;
      if (BY_TAG.put(type.tag, type) != null) {
        throw new IllegalStateException("two wire types named " + type.tag);
      }
      return;
    }
    for (Class<?> sub : root.getPermittedSubclasses()) {
      learn(sub);
    }
  }

  private static RecordType recordType(Class<?> c) {
    RecordType known = BY_CLASS.get(c);
    if (known != null) {
      return known;
    }
    RecordType type = new RecordType(c);
    BY_CLASS.put(c, type);
    type.resolve();
    return type;
  }

  /** A record's components, read and written by name, in declaration order. */
  private static final class RecordType {
    final Class<?> type;
    final String tag;
    boolean tagged;
    RecordComponent[] components;
    Constructor<?> canonical;

    RecordType(Class<?> type) {
      this.type = type;
      this.tag = type.getSimpleName();
    }

    void resolve() {
      components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        components[i].getAccessor().setAccessible(true);
        learnValue(components[i].getGenericType());
      }
      try {
        canonical = type.getDeclaredConstructor(types);
        canonical.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }

    JsonObject toJson(Object o) {
      JsonObject json = new JsonObject();
      try {
        for (RecordComponent c : components) {
          Object value = c.getAccessor().invoke(o);
          if (value != null) {
            json.put(c.getName(), write(value));
          }
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + tag, e);
      }
      return json;
    }

    Object fromJson(JsonObject json) {
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] = read(json.getValue(components[i].getName()), components[i].getGenericType());
      }
      try {
        return canonical.newInstance(args);
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalArgumentException("cannot build " + tag + " from the wire", e);
      }
    }
  }

  private static void learnValue(Type type) {
    if (type instanceof ParameterizedType p) {
      learnValue(p.getActualTypeArguments()[0]);
    } else if (type instanceof Class<?> c && c.isRecord()) {
      recordType(c);
    }
  }

  private static Object write(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof EncodedFrame frame) {
      return frame.json().toString();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray(new ArrayList<>(list.size()));
      list.forEach(item -> array.add(write(item)));
      return array;
    }
    RecordType type = BY_CLASS.get(value.getClass());
    if (type == null) {
      throw new IllegalArgumentException("no wire form for " + value.getClass().getName());
    }
    return type.toJson(value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object read(Object json, Type type) {
    if (json == null) {
      return null; // never a primitive: those are always written
    }
    if (type instanceof ParameterizedType p) {
      Type item = p.getActualTypeArguments()[0];
      List<Object> list = new ArrayList<>();
      ((JsonArray) json).forEach(v -> list.add(read(v, item)));
      return List.copyOf(list);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == boolean.class || c == Boolean.class) {
      return json;
    }
    if (c == int.class || c == Integer.class) {
      return ((Number) json).intValue();
    }
    if (c == long.class || c == Long.class) {
      return ((Number) json).longValue();
    }
    if (c == double.class || c == Double.class) {
      return ((Number) json).doubleValue();
    }
    if (c == EncodedFrame.class) {
      return new EncodedFrame(Buffer.buffer((String) json));
    }
    if (c.isEnum()) {
      return Enum.valueOf((Class<Enum>) c, (String) json);
    }
    RecordType record = BY_CLASS.get(c);
    if (record == null) {
      throw new IllegalArgumentException("no wire form for " + c.getName());
    }
    return record.fromJson((JsonObject) json);
  }
}
