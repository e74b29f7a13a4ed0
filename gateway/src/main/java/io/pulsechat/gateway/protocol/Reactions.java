package io.pulsechat.gateway.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The reactions of one message, changed as values: who put which emoji, within the bounds a
 * room keeps (PROTOCOL.md, "Reactions"), and their stored form. A message without reactions
 * holds an empty list.
 */
public final class Reactions {

  /**
   * @param emojiPerMessage distinct emoji one message may carry
   * @param perUser         emoji one user may put on one message
   * @param perMessage      reactions (a user and an emoji) one message may carry in all
   */
  public record Limits(int emojiPerMessage, int perUser, int perMessage) {
  }

  /** What a change did: {@code refusal} is null when it was allowed ({@code changed} or not). */
  public record Change(List<Reaction> reactions, boolean changed, String refusal) {
  }

  private Reactions() {
  }

  public static Change add(List<Reaction> current, String emoji, String user, Limits limits) {
    int mine = 0;
    int all = 0;
    Reaction same = null;
    for (Reaction r : current) {
      all += r.users().size();
      if (r.users().contains(user)) {
        mine++;
      }
      if (r.emoji().equals(emoji)) {
        same = r;
      }
    }
    if (same != null && same.users().contains(user)) {
      return new Change(current, false, null);
    }
    if (same == null && current.size() >= limits.emojiPerMessage()) {
      return new Change(current, false, "a message carries at most " + limits.emojiPerMessage() + " distinct emoji");
    }
    if (mine >= limits.perUser()) {
      return new Change(current, false, "one user puts at most " + limits.perUser() + " emoji on a message");
    }
    if (all >= limits.perMessage()) {
      return new Change(current, false, "a message carries at most " + limits.perMessage() + " reactions");
    }
    List<Reaction> next = new ArrayList<>(current.size() + 1);
    for (Reaction r : current) {
      next.add(r == same ? new Reaction(emoji, append(r.users(), user)) : r);
    }
    if (same == null) {
      next.add(new Reaction(emoji, List.of(user)));
    }
    return new Change(List.copyOf(next), true, null);
  }

  public static Change remove(List<Reaction> current, String emoji, String user) {
    List<Reaction> next = new ArrayList<>(current.size());
    boolean changed = false;
    for (Reaction r : current) {
      if (r.emoji().equals(emoji) && r.users().contains(user)) {
        changed = true;
        List<String> users = new ArrayList<>(r.users());
        users.remove(user);
        if (!users.isEmpty()) {
          next.add(new Reaction(emoji, List.copyOf(users)));
        }
      } else {
        next.add(r);
      }
    }
    return changed ? new Change(List.copyOf(next), true, null) : new Change(current, false, null);
  }

  /** {@code {"<emoji>": count}}, as the {@code reactions} frame and history carry them. */
  public static JsonObject counts(List<Reaction> reactions) {
    JsonObject json = new JsonObject();
    reactions.forEach(r -> json.put(r.emoji(), r.users().size()));
    return json;
  }

  /** The stored form, {@code {"<emoji>": ["user", ...]}}; null for none. */
  public static String encode(List<Reaction> reactions) {
    if (reactions == null || reactions.isEmpty()) {
      return null;
    }
    JsonObject json = new JsonObject();
    reactions.forEach(r -> json.put(r.emoji(), new JsonArray(new ArrayList<>(r.users()))));
    return json.encode();
  }

  public static List<Reaction> decode(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    List<Reaction> reactions = new ArrayList<>();
    new JsonObject(stored).forEach(e -> {
      List<String> users = new ArrayList<>();
      ((JsonArray) e.getValue()).forEach(u -> users.add((String) u));
      reactions.add(new Reaction(e.getKey(), List.copyOf(users)));
    });
    return List.copyOf(reactions);
  }

  private static List<String> append(List<String> users, String user) {
    List<String> next = new ArrayList<>(users.size() + 1);
    next.addAll(users);
    next.add(user);
    return List.copyOf(next);
  }
}
