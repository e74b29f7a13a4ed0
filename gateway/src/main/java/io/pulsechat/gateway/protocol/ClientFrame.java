package io.pulsechat.gateway.protocol;

/** A validated frame from a client; see PROTOCOL.md "Client to server". */
public sealed interface ClientFrame {

  /** The request type, used as {@code ref} of errors that have no clientMsgId. */
  String type();

  /** {@code guestKey}, an extension, is null when the client sent none. */
  record Join(String room, String user, String guestKey) implements ClientFrame {
    public Join(String room, String user) {
      this(room, user, null);
    }

    public String type() {
      return "join";
    }
  }

  /** {@code text} is already stripped of leading and trailing white space. */
  record Send(String room, String text, String clientMsgId) implements ClientFrame {
    public String type() {
      return "send";
    }
  }

  record Leave(String room) implements ClientFrame {
    public String type() {
      return "leave";
    }
  }

  record History(HistoryQuery query) implements ClientFrame {
    public String type() {
      return "history";
    }
  }

  /** Extension: a reader says message {@code id} should have been labelled {@code label}. */
  record Flag(String room, String id, String label) implements ClientFrame {
    public String type() {
      return "flag";
    }
  }

  /** Extension: a fresh token for the connection's user, before the current one expires. */
  record Auth(String token) implements ClientFrame {
    public String type() {
      return "auth";
    }
  }

  /** Extension: make a new room private, the caller its owner. */
  record Create(String room) implements ClientFrame {
    public String type() {
      return "create";
    }
  }

  /** Extension: give {@code user} the role {@code role} (member, moderator) in the room, or none (null). */
  record Grant(String room, String user, String role) implements ClientFrame {
    public String type() {
      return "grant";
    }
  }

  /** Extension: kick, ban, unban, mute or unmute {@code user}; {@code seconds} bounds a ban or mute (0: for good). */
  record Moderate(String room, String user, String action, long seconds) implements ClientFrame {
    public String type() {
      return "moderate";
    }
  }

  /** Extension: the author's new text for message {@code id}; already stripped. */
  record Edit(String room, String id, String text) implements ClientFrame {
    public String type() {
      return "edit";
    }
  }

  /** Extension: message {@code id} is to be deleted. */
  record Delete(String room, String id) implements ClientFrame {
    public String type() {
      return "delete";
    }
  }

  /** Extension: {@code react} ({@code add}) or {@code unreact} one emoji on message {@code id}. */
  record React(String room, String id, String emoji, boolean add) implements ClientFrame {
    public String type() {
      return add ? "react" : "unreact";
    }
  }

  /** Extension: the user is typing in the room. */
  record Typing(String room) implements ClientFrame {
    public String type() {
      return "typing";
    }
  }

  /** Extension: the user has seen the room up to message {@code id}. */
  record Read(String room, String id) implements ClientFrame {
    public String type() {
      return "read";
    }
  }

  record Ping() implements ClientFrame {
    public String type() {
      return "ping";
    }
  }
}
