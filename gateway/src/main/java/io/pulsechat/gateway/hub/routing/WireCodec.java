package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.hub.insights.MoodPoint;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's commands, replies and deliveries on the event bus: by reference within a process
 * (all are immutable), as JSON between the nodes of a fleet.
 */
public final class WireCodec extends ReferenceCodec {
  public static final String NAME = "pulsechat-wire";

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
    if (o instanceof ShardMessages.Delivery d) {
      return typed("delivery").put("room", d.room()).put("except", d.exceptUser()).put("frame", d.frame().json().toString())
          .put("id", d.messageId());
    } else if (o instanceof ShardMessages.Send s) {
      return typed("send").put("room", s.room()).put("user", s.user()).put("text", s.text())
          .put("clientMsgId", s.clientMsgId());
    } else if (o instanceof ChatMessage m) {
      return message(typed("message"), m);
    } else if (o instanceof ShardMessages.Join j) {
      return typed("join").put("room", j.room()).put("user", j.user()).put("counted", j.counted()).put("node", j.node());
    } else if (o instanceof ShardMessages.JoinResult r) {
      JsonArray history = new JsonArray();
      r.history().forEach(m -> history.add(message(new JsonObject(), m)));
      return typed("joined").put("members", new JsonArray(new ArrayList<>(r.members()))).put("count", r.count())
          .put("history", history).put("mood", mood(r.mood()));
    } else if (o instanceof ShardMessages.Leave l) {
      return typed("leave").put("room", l.room()).put("user", l.user()).put("node", l.node());
    } else if (o instanceof ShardMessages.Rejoin r) {
      return typed("rejoin").put("room", r.room()).put("node", r.node())
          .put("users", new JsonArray(new ArrayList<>(r.users())));
    } else if (o instanceof ShardMessages.MoodQuery q) {
      return typed("moodQuery").put("room", q.room());
    } else if (o instanceof ShardMessages.MoodReport r) {
      JsonArray series = new JsonArray();
      r.series().forEach(p -> series.add(new JsonArray().add(p.t()).add(p.score()).add(p.positive()).add(p.neutral())
          .add(p.negative())));
      return typed("moodReport").put("room", r.room()).put("mood", mood(r.mood())).put("series", series);
    } else if (o instanceof ShardMessages.ListRooms) {
      return typed("listRooms");
    } else if (o instanceof List<?> list) {
      JsonArray rooms = new JsonArray();
      for (Object item : list) {
        ShardMessages.RoomSummary s = (ShardMessages.RoomSummary) item;
        rooms.add(new JsonObject().put("room", s.room()).put("count", s.count())
            .put("members", new JsonArray(new ArrayList<>(s.members()))).put("mood", mood(s.mood())));
      }
      return typed("rooms").put("rooms", rooms);
    } else if (o instanceof ShardMessages.Hello h) {
      return typed("hello").put("node", h.node());
    } else if (o instanceof Boolean b) {
      return typed("bool").put("value", b);
    }
    throw new IllegalArgumentException("no wire form for " + o.getClass().getName());
  }

  static Object decode(JsonObject json) {
    return switch (json.getString("t")) {
      case "delivery" -> new ShardMessages.Delivery(json.getString("room"), new EncodedFrame(Buffer.buffer(json.getString("frame"))),
          json.getString("except"), json.getString("id"));
      case "send" -> new ShardMessages.Send(json.getString("room"), json.getString("user"), json.getString("text"),
          json.getString("clientMsgId"));
      case "message" -> message(json);
      case "join" -> new ShardMessages.Join(json.getString("room"), json.getString("user"), json.getBoolean("counted"),
          json.getString("node"));
      case "joined" -> new ShardMessages.JoinResult(strings(json.getJsonArray("members")), json.getInteger("count"),
          json.getJsonArray("history").stream().map(m -> message((JsonObject) m)).toList(),
          mood(json.getJsonObject("mood")));
      case "leave" -> new ShardMessages.Leave(json.getString("room"), json.getString("user"), json.getString("node"));
      case "rejoin" -> new ShardMessages.Rejoin(json.getString("room"), json.getString("node"),
          strings(json.getJsonArray("users")));
      case "moodQuery" -> new ShardMessages.MoodQuery(json.getString("room"));
      case "moodReport" -> new ShardMessages.MoodReport(json.getString("room"), mood(json.getJsonObject("mood")),
          json.getJsonArray("series").stream().map(p -> {
            JsonArray a = (JsonArray) p;
            return new MoodPoint(a.getLong(0), a.getDouble(1), a.getInteger(2), a.getInteger(3), a.getInteger(4));
          }).toList());
      case "listRooms" -> new ShardMessages.ListRooms();
      case "rooms" -> json.getJsonArray("rooms").stream().map(r -> {
        JsonObject s = (JsonObject) r;
        return new ShardMessages.RoomSummary(s.getString("room"), s.getInteger("count"),
            strings(s.getJsonArray("members")), mood(s.getJsonObject("mood")));
      }).toList();
      case "bool" -> json.getBoolean("value");
      case "hello" -> new ShardMessages.Hello(json.getString("node"));
      default -> throw new IllegalArgumentException("unknown wire type " + json.getString("t"));
    };
  }

  private static JsonObject typed(String type) {
    return new JsonObject().put("t", type);
  }

  private static JsonObject message(JsonObject json, ChatMessage m) {
    json.put("room", m.room()).put("id", m.id()).put("user", m.user()).put("text", m.text()).put("ts", m.ts())
        .put("clientMsgId", m.clientMsgId());
    Sentiment s = m.sentiment();
    if (s != null) {
      json.put("label", s.label().wireName()).put("score", s.score()).put("model", s.model());
    }
    return json;
  }

  private static ChatMessage message(JsonObject json) {
    Sentiment sentiment = json.containsKey("label")
        ? new Sentiment(Label.fromWireName(json.getString("label")), json.getDouble("score"), json.getString("model"))
        : null;
    return new ChatMessage(json.getString("room"), json.getString("id"), json.getString("user"),
        json.getString("text"), json.getLong("ts"), json.getString("clientMsgId"), sentiment);
  }

  private static JsonObject mood(Mood mood) {
    return new JsonObject().put("score", mood.score()).put("positive", mood.positive())
        .put("neutral", mood.neutral()).put("negative", mood.negative()).put("window", mood.window());
  }

  private static Mood mood(JsonObject json) {
    return new Mood(json.getDouble("score"), json.getInteger("positive"), json.getInteger("neutral"),
        json.getInteger("negative"), json.getString("window"));
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>(array.size());
    array.forEach(v -> list.add((String) v));
    return list;
  }
}
