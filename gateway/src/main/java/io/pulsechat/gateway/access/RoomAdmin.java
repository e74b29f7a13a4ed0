package io.pulsechat.gateway.access;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.events.ChatEvent;
import io.pulsechat.gateway.events.EventPublisher;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.protocol.AccessFrames;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.ProtocolException;
import io.pulsechat.gateway.store.AccessStore;
import io.pulsechat.gateway.store.AccessStore.Entry;
import io.pulsechat.gateway.store.AccessStore.Kind;
import io.pulsechat.gateway.store.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What owners and moderators do to a room, for the WebSocket frames and the HTTP routes alike:
 * make it private, add and remove members, kick, ban and mute. Each answer is the JSON body both
 * carry; a refusal is a failed future with a {@link ProtocolException} ({@code forbidden},
 * {@code bad_request}). Moderation is stored with who and when, published as a
 * {@code ModerationAction} event, and told to the room's owner, which tells the members and
 * removes a kicked or banned user's connections.
 */
public final class RoomAdmin {
  /** Moderation actions one request lists at most. */
  public static final int MAX_LISTED_ACTIONS = 100;

  private final AccessControl control;
  private final MessageStore messages;
  private final RoomDirectory directory;
  private final EventPublisher events;
  private final int maxRules;

  /** {@code maxRules}: members, bans and mutes one room may hold in all. */
  public RoomAdmin(AccessControl control, MessageStore messages, RoomDirectory directory, EventPublisher events,
                   int maxRules) {
    this.control = control;
    this.messages = messages;
    this.directory = directory;
    this.events = events;
    this.maxRules = maxRules;
  }

  public AccessControl control() {
    return control;
  }

  /**
   * Makes a new room private, with {@code who} as its owner. A room that already holds messages
   * stays public: making it private would take its history from the people who wrote it.
   */
  public Future<JsonObject> create(String room, Identity who, String ref) {
    return control.policy(room).compose(policy -> {
      if (policy.isPrivate()) {
        if (policy.givenRole(who.user()) == RoomRole.OWNER) {
          return Future.succeededFuture(created(room));
        }
        return forbidden(room + " is a private room already; its owner or a moderator may add you", ref);
      }
      return messages.history(HistoryQuery.latest(room, 1)).compose(page -> {
        if (!page.messages().isEmpty()) {
          return forbidden(room + " is a public room in use; choose another name for a private room", ref);
        }
        long now = control.now();
        return control.store().put(new Entry(room, Kind.ROOM, "", "private", 0, who.user(), now))
            .compose(v -> control.store().put(new Entry(room, Kind.MEMBER, who.user(), RoomRole.OWNER.wire(), 0,
                who.user(), now)))
            .eventually(() -> {
              control.forget(room);
              return Future.succeededFuture();
            })
            .map(v -> created(room));
      });
    });
  }

  private static JsonObject created(String room) {
    return new JsonObject().put("room", room).put("private", true).put("role", RoomRole.OWNER.wire());
  }

  /**
   * Gives {@code user} a role in the room, or takes its membership ({@code role} null; it leaves
   * the room at once). Owners give and take any role but their own; moderators add and remove
   * members.
   */
  public Future<JsonObject> grant(String room, Identity who, String user, RoomRole role, String ref) {
    if (role == RoomRole.OWNER) {
      return bad("a room has one owner, its creator; give moderator or member", ref);
    }
    return control.policy(room).compose(policy -> {
      RoomRole mine = policy.roleOf(who);
      RoomRole theirs = policy.givenRole(user);
      if (mine == null || !mine.moderates()) {
        return forbidden("only the owner or a moderator of " + room + " may add or remove its members", ref);
      }
      if (!mine.outranks(theirs) || (role != null && !mine.outranks(role))) {
        return forbidden("a " + mine.wire() + " of " + room + " may not change the role of a "
            + (theirs == null ? "user" : theirs.wire()) + " to " + (role == null ? "none" : role.wire()), ref);
      }
      if (role != null && theirs == null && policy.rules() >= maxRules) {
        return bad(room + " holds " + policy.rules() + " members, bans and mutes, the most a room may", ref);
      }
      long now = control.now();
      Future<Void> stored = role == null ? control.store().remove(room, Kind.MEMBER, user)
          : control.store().put(new Entry(room, Kind.MEMBER, user, role.wire(), 0, who.user(), now));
      return stored.map(v -> {
        control.forget(room);
        if (role == null && policy.isPrivate()) {
          directory.tell(new ShardCommand.Moderate(room, user, "remove", who.user(), 0, true));
        }
        return new JsonObject().put("room", room).put("user", user).put("role", role == null ? "none" : role.wire());
      });
    });
  }

  /**
   * Kicks, bans, mutes (or lifts a ban or mute of) {@code user}, who must rank below {@code who}
   * in the room. {@code seconds} bounds a ban or mute; 0 means for good.
   */
  public Future<JsonObject> moderate(String room, Identity who, String user, ModerationAction action, long seconds,
                                     String ref) {
    if (user.equals(who.user())) {
      return bad("moderate other users, not yourself", ref);
    }
    return control.policy(room).compose(policy -> {
      RoomRole mine = policy.roleOf(who);
      RoomRole theirs = policy.givenRole(user);
      if (mine == null || !mine.moderates()) {
        return forbidden("only the owner or a moderator of " + room + " may " + action.wire() + " its users", ref);
      }
      if (!mine.outranks(theirs)) {
        return forbidden("a " + mine.wire() + " of " + room + " may not " + action.wire() + " a " + theirs.wire(),
            ref);
      }
      if (action.lasts() && policy.rules() >= maxRules) {
        return bad(room + " holds " + policy.rules() + " members, bans and mutes, the most a room may", ref);
      }
      long now = control.now();
      long until = action.lasts() && seconds > 0 ? now + seconds * 1000 : 0;
      Future<Void> rule = switch (action) {
        case BAN -> control.store().put(new Entry(room, Kind.BAN, user, null, until, who.user(), now));
        case MUTE -> control.store().put(new Entry(room, Kind.MUTE, user, null, until, who.user(), now));
        case UNBAN -> control.store().remove(room, Kind.BAN, user);
        case UNMUTE -> control.store().remove(room, Kind.MUTE, user);
        case KICK -> Future.succeededFuture();
      };
      return rule
          .compose(v -> control.store().put(new Entry(room, Kind.ACTION, AccessStore.actionSubject(now, user),
              action.wire(), until, who.user(), now)))
          .map(v -> {
            control.forget(room);
            JsonObject done = AccessFrames.actionJson(room, user, action.wire(), who.user(), until, now);
            events.publish(new ChatEvent(ChatEvent.MODERATION_ACTION, done.encode()));
            directory.tell(new ShardCommand.Moderate(room, user, action.wire(), who.user(), until, action.evicts()));
            return done;
          });
    });
  }

  /** The room's latest moderation actions, newest first, for its owner and moderators. */
  public Future<JsonObject> actions(String room, Identity who, String ref) {
    return moderatorsRead(room, who, Kind.ACTION, "actions", ref, e -> AccessFrames.actionJson(room,
        e.subject().substring(e.subject().indexOf('#') + 1), e.value(), e.by(), e.until(), e.at()));
  }

  /** The room's latest sentiment alerts, newest first, each naming the messages that drove it, for moderators. */
  public Future<JsonObject> alerts(String room, Identity who, String ref) {
    return moderatorsRead(room, who, Kind.ALERT, "alerts", ref, e -> new JsonObject(e.value()));
  }

  /**
   * Who the room's rules name now, for its owner and moderators: its members with their roles
   * (strongest first), and the bans and mutes that have not ended (newest first). A room holds
   * at most {@code AUTH_ROOM_MAX_RULES} of them, so the answer is bounded.
   */
  public Future<JsonObject> members(String room, Identity who, String ref) {
    // One read, not the cached policy: the list is what the store holds now, and who may read it
    // is judged on those same rules.
    return control.store().entries(room).compose(entries -> mayRead(new RoomPolicy(room, entries), who, "members", ref)
        .map(policy -> {
          long now = control.now();
          List<Entry> members = entries.stream().filter(e -> e.kind() == Kind.MEMBER && RoomRole.of(e.value()) != null)
              .sorted(Comparator.comparing((Entry e) -> RoomRole.of(e.value())).thenComparing(Entry::subject)).toList();
          return new JsonObject().put("room", room).put("private", policy.isPrivate())
              .put("members", list(members, e -> person(e).put("role", e.value())))
              .put("bans", list(standing(entries, Kind.BAN, now), RoomAdmin::restriction))
              .put("mutes", list(standing(entries, Kind.MUTE, now), RoomAdmin::restriction));
        }));
  }

  private static List<Entry> standing(List<Entry> entries, Kind kind, long now) {
    return entries.stream().filter(e -> e.kind() == kind && RoomPolicy.inForce(e.until(), now))
        .sorted(Comparator.comparingLong(Entry::at).reversed()).toList();
  }

  private static JsonObject person(Entry e) {
    return new JsonObject().put("user", e.subject()).put("by", e.by()).put("at", e.at());
  }

  private static JsonObject restriction(Entry e) {
    JsonObject json = person(e);
    return e.until() > 0 ? json.put("until", e.until()) : json;
  }

  private static JsonArray list(List<Entry> entries, Function<Entry, JsonObject> json) {
    JsonArray list = new JsonArray();
    entries.forEach(e -> list.add(json.apply(e)));
    return list;
  }

  /** The room's latest entries of a logged kind as {@code {"room", field: [...]}}, for its owner and moderators. */
  private Future<JsonObject> moderatorsRead(String room, Identity who, Kind kind, String field, String ref,
                                            Function<Entry, JsonObject> json) {
    return moderating(room, who, field, ref).compose(policy -> control.store().log(room, kind, MAX_LISTED_ACTIONS)
        .map(entries -> new JsonObject().put("room", room).put(field, list(entries, json))));
  }

  /** The room's policy when {@code who} owns or moderates it; else {@code forbidden} to read its {@code what}. */
  private Future<RoomPolicy> moderating(String room, Identity who, String what, String ref) {
    return control.policy(room).compose(policy -> mayRead(policy, who, what, ref));
  }

  private static Future<RoomPolicy> mayRead(RoomPolicy policy, Identity who, String what, String ref) {
    RoomRole mine = policy.roleOf(who);
    return mine != null && mine.moderates() ? Future.succeededFuture(policy)
        : forbidden("only the owner or a moderator of " + policy.room() + " may read its " + what, ref);
  }

  private static <T> Future<T> forbidden(String message, String ref) {
    return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, message, ref));
  }

  private static <T> Future<T> bad(String message, String ref) {
    return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST, message, ref));
  }
}
