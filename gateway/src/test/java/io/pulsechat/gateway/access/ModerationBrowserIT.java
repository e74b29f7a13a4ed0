package io.pulsechat.gateway.access;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.pulsechat.gateway.testing.PageChecks.seriousViolations;
import static io.pulsechat.gateway.testing.PageChecks.tooSmallTapTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.pulsechat.gateway.testing.Chromium;
import io.pulsechat.gateway.testing.CognitoStandIn;
import io.pulsechat.gateway.testing.PageChecks;
import io.pulsechat.gateway.testing.SignInStand;
import io.pulsechat.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser client in token mode, in Debian's Chromium, its users signed in through the
 * provider's hosted pages ({@link SignInStand}): a private room a second user cannot enter or see;
 * a moderator deleting another user's message, and muting, kicking and banning the author of a
 * message that raised a mood alert, from the moderation panel.
 */
class ModerationBrowserIT {
  // Any message below a mood of 0.9 alerts at once, so that one negative message raises one.
  @RegisterExtension
  static final SignInStand stand = SignInStand.of(Duration.ofMinutes(5), Map.of("CHAT_ALERT_MIN_MESSAGES", "1",
      "CHAT_ALERT_SCORE", "0.9"));
  private static CognitoStandIn.User aliceUser;
  private static CognitoStandIn.User bob;
  private static CognitoStandIn.User carol;
  private static CognitoStandIn.User liddell;

  @BeforeAll
  static void addUsers() {
    aliceUser = stand.cognito().addUser("alice", null);
    bob = stand.cognito().addUser("bob", null);
    carol = stand.cognito().addUser("carol", null);
    liddell = stand.cognito().addUser("liddell", "Alice Liddell");
    // a member of the pool's admin group owns every room
    stand.cognito().addUser("root", null, "admin");
  }

  private static String bearer(String username) {
    return "Bearer " + stand.cognito().idToken(username);
  }

  private static Page enter(String username, String room) {
    Page page = stand.signedIn(username, room);
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    return page;
  }

  private static void send(Page page, String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
    assertThat(page.locator("#text")).hasValue("");
  }

  private static Locator message(Page page, String text) {
    return page.locator("#messages li.msg", new Page.LocatorOptions().setHasText(text));
  }

  /** A room where carol moderates (the admin made her one), bob and carol in it. */
  private static String heatedRoom(String hint) {
    String room = TestGateway.room(hint);
    assertThat(stand.gateway().request("PUT", "/api/rooms/" + room + "/members/" + carol.sub(),
        "{\"role\":\"moderator\"}", "Authorization", bearer("root")).status()).isEqualTo(200);
    return room;
  }

  /** The alert bob's negative message raises, as carol's panel lists it. */
  private static Locator alertOnBob(Page bobPage, Page carolPage, String text) {
    send(bobPage, text);
    Locator alerted = carolPage.locator("#alerts .alert-message", new Page.LocatorOptions().setHasText(text));
    assertThat(alerted).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
    // shown by the name the gateway gives (bob's cognito:username), the user in its title
    assertThat(alerted.locator(".author")).hasText("bob");
    assertThat(alerted.locator(".author")).hasAttribute("title", bob.sub());
    return alerted;
  }

  @Test
  void aPrivateRoomIsClosedAndInvisibleToASecondUser() {
    String room = TestGateway.room("hideout");
    assertThat(stand.gateway().request("POST", "/api/rooms/" + room, null, "Authorization", bearer("alice"))
        .status()).isEqualTo(200);
    Page alice = enter("alice", room);
    send(alice, "only for members");

    Page bobPage = stand.signedIn("bob", room);
    assertThat(bobPage.locator("#join-error")).containsText("not allowed");
    assertThat(bobPage.locator("#join-screen")).isVisible();
    assertThat(bobPage.locator("#join-account .account-name")).hasText("bob");
    // the room list bob's page reads with its own token
    Object listed = bobPage.evaluate("async () => (await (await fetch('api/rooms', { headers: { Authorization:"
        + " 'Bearer ' + JSON.parse(sessionStorage.getItem('pulsechat.signin')).idToken } })).text())");
    assertThat((String) listed).contains("\"rooms\"").doesNotContain(room);
    assertThat(alice.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(0);
  }

  /** Joins (or, private, makes) a room from the side panel's "Join a room" form. */
  private static void joinFromPanel(Page page, String room, boolean makePrivate) {
    page.locator("#room-add").fill(room);
    if (makePrivate) {
      page.locator("#room-add-private").check();
    }
    page.locator("#room-add").press("Enter");
  }

  @Test
  void anOwnerMakesAPrivateRoomAndAddsAndRemovesAMemberFromTheBrowser() {
    String room = TestGateway.room("den");
    Page alice = enter("alice", TestGateway.room("hall"));
    // the join screen: a new private room, made before it is joined
    alice.locator("#switch-room").click();
    assertThat(alice.locator("#join-private-choice")).isVisible();
    alice.locator("#join-room").fill(room);
    alice.locator("#join-private").check();
    alice.locator("#join-form button[type=submit]").click();
    assertThat(alice.locator("#banner")).containsText("#" + room + " is private");
    assertThat(alice.locator("#room-name")).hasText(room);
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(alice.locator("#room-members")).isVisible();
    assertThat(stand.gateway().get("/api/rooms/" + room + "/messages", "Authorization", bearer("bob")).status())
        .isEqualTo(403);
    send(alice, "only for members");

    // bob can neither take it over, nor join it, nor see it listed
    Page bobPage = enter("bob", TestGateway.room("porch"));
    assertThat(bobPage.locator("#room-members")).isHidden();
    joinFromPanel(bobPage, room, true);
    assertThat(bobPage.locator("#banner")).containsText("Could not make #" + room
        + " private: it is already someone else's private room");
    joinFromPanel(bobPage, room, false);
    assertThat(bobPage.locator("#banner")).containsText("Could not join #" + room + ": not allowed");
    assertThat(bobPage.locator("#rooms li[data-room='" + room + "']")).hasCount(0);
    assertThat(bobPage.locator("#public-rooms")).not().containsText(room);

    // the owner adds bob by his user id
    Locator status = alice.locator("#member-status");
    alice.locator("#member-user").fill(bob.sub());
    alice.locator("#member-form button[type=submit]").click();
    assertThat(status).hasText(bob.sub() + " is now a member of #" + room + ".");
    assertThat(alice.locator("#member-user")).hasValue("");
    // the list is the gateway's: the owner first, without a Remove, then bob
    Locator roster = alice.locator("#member-list li");
    assertThat(roster).hasCount(2);
    assertThat(roster.nth(0)).containsText("owner");
    assertThat(roster.nth(0).locator("button")).hasCount(0);
    assertThat(roster.nth(1)).hasAttribute("data-member", bob.sub());
    assertThat(roster.nth(1)).containsText("member");

    joinFromPanel(bobPage, room, false);
    assertThat(bobPage.locator("#room-name")).hasText(room);
    assertThat(message(bobPage, "only for members")).hasCount(1);
    assertThat(alice.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(1);
    assertThat(bobPage.locator("#room-members")).isHidden();

    // an empty id is refused before it goes out; the owner's Remove takes bob out at once
    alice.locator("#member-form button[type=submit]").click();
    assertThat(status).hasText("Type the user id of the person.");
    alice.locator("#member-list button[data-user='" + bob.sub() + "']").click();
    assertThat(status).hasText(bob.sub() + " was removed from #" + room + ".");
    assertThat(bobPage.locator("#banner")).hasText("A moderator removed you from #" + room + ".");
    assertThat(roster).hasCount(1);
    assertThat(bobPage.locator("#rooms li[data-room='" + room + "']")).hasCount(0);
    assertThat(alice.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(0);
    joinFromPanel(bobPage, room, false);
    assertThat(bobPage.locator("#banner")).containsText("Could not join #" + room + ": not allowed");
    alice.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("private-room-owner.png")));
  }

  @Test
  void privateRoomControlsAreLabelledAndWorkByKeyboardOnAPhone() throws Exception {
    String axeSource = PageChecks.axeSource();
    String room = TestGateway.room("nook");
    Page alice = enter("alice", TestGateway.room("yard"));
    alice.locator("#switch-room").click();
    alice.locator("#join-private").check();
    assertThat(seriousViolations(alice, axeSource)).as("join screen, signed in").isEmpty();
    alice.locator("#join-private").uncheck();
    alice.locator("#join-form button[type=submit]").click();
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");

    alice.setViewportSize(390, 844);
    alice.locator("#members-toggle").click();
    assertThat(alice.locator("#members-panel")).isInViewport();
    // keyboard only: Space ticks the box, Enter in the field sends the form
    alice.locator("#room-add").fill(room);
    alice.locator("#room-add-private").focus();
    alice.keyboard().press("Space");
    assertThat(alice.locator("#room-add-private")).isChecked();
    alice.locator("#room-add").press("Enter");
    assertThat(alice.locator("#banner")).containsText("#" + room + " is private");
    alice.locator("#members-toggle").click();
    Locator user = alice.locator("#member-user");
    user.scrollIntoViewIfNeeded();
    assertThat(user).isInViewport();
    assertThat(tooSmallTapTargets(alice)).isEmpty();
    assertThat(seriousViolations(alice, axeSource)).as("members section on a phone").isEmpty();
    user.fill(carol.sub());
    alice.locator("#member-role").selectOption("moderator");
    user.press("Enter");
    Locator status = alice.locator("#member-status");
    assertThat(status).hasText(carol.sub() + " is now a moderator of #" + room + ".");
    // the form's Remove takes the typed user out; the gateway's refusals are shown with its reason
    user.fill(carol.sub());
    alice.locator("#member-form button[data-remove]").click();
    assertThat(status).hasText(carol.sub() + " was removed from #" + room + ".");
    user.fill(aliceUser.sub());
    user.press("Enter");
    assertThat(status).containsText("Could not make " + aliceUser.sub() + " a moderator: ");
    alice.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("private-room-phone.png")));
  }

  @Test
  void aModeratorDeletesAnotherUsersMessageFromItsMenu() {
    String room = heatedRoom("tidy");
    Page bobPage = enter("bob", room);
    Page carolPage = enter("carol", room);
    Page alice = enter("alice", room);
    assertThat(carolPage.locator("#moderation-panel")).isVisible();
    send(bobPage, "a message the moderator takes down");
    assertThat(message(carolPage, "takes down")).hasCount(1);

    // an ordinary member's menu has no Delete on another's message
    message(alice, "takes down").locator(".more").click();
    assertThat(alice.locator(".msg-menu [data-action='delete-open']")).hasCount(0);

    message(carolPage, "takes down").locator(".more").click();
    carolPage.locator(".msg-menu [data-action='delete-open']").click();
    carolPage.locator(".msg-menu [data-action='delete']").click();
    Locator gone = bobPage.locator("#messages li.msg[data-deleted='true']");
    assertThat(gone).hasCount(1);
    assertThat(gone).containsText("This message was deleted.");
    assertThat(message(bobPage, "takes down")).hasCount(0);
    assertThat(message(alice, "takes down")).hasCount(0);
  }

  @Test
  void aModeratorMutesTheAuthorOfAnAlertFromThePanel() {
    String room = heatedRoom("heated");
    Page bobPage = enter("bob", room);
    Page carolPage = enter("carol", room);
    assertThat(carolPage.locator("#moderation-panel")).isVisible();
    assertThat(bobPage.locator("#moderation-panel")).isHidden();

    Locator alerted = alertOnBob(bobPage, carolPage, "I hate this, it is terrible, awful and the worst thing ever");
    alerted.locator("button[data-action='mute']").click();
    assertThat(carolPage.locator("#moderation-status")).containsText(bob.sub() + ": mute done");

    send(bobPage, "let me speak");
    assertThat(bobPage.locator("#pending")).containsText("not allowed");
    String log = stand.gateway().get("/api/rooms/" + room + "/moderation", "Authorization", bearer("carol")).body();
    assertThat(log).contains("\"action\":\"mute\"").contains("\"by\":\"" + carol.sub() + "\"");
  }

  @Test
  void aKickedUserIsToldAndMayComeBackButABannedOneMayNot() {
    String room = heatedRoom("rowdy");
    Page bobPage = enter("bob", room);
    Page carolPage = enter("carol", room);
    Locator alerted = alertOnBob(bobPage, carolPage, "You are all idiots, this is terrible and awful");

    alerted.locator("button[data-action='kick']").click();
    assertThat(carolPage.locator("#moderation-status")).containsText("kick done");
    assertThat(bobPage.locator("#join-screen")).isVisible();
    assertThat(bobPage.locator("#join-error")).hasText("A moderator removed you from #" + room + ". You may join it again.");
    assertThat(carolPage.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(0);
    bobPage.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("moderation-kicked.png")));

    bobPage.locator("#join-form button[type=submit]").click();
    assertThat(bobPage.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(carolPage.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(1);

    alerted.locator("button[data-action='ban']").click();
    assertThat(carolPage.locator("#moderation-status")).containsText("ban done");
    assertThat(bobPage.locator("#join-error")).hasText("You are banned from #" + room + ".");
    bobPage.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("moderation-banned.png")));
    bobPage.locator("#join-form button[type=submit]").click();
    assertThat(bobPage.locator("#join-error")).containsText("not allowed");
    assertThat(carolPage.locator("#members li[data-user='" + bob.sub() + "']")).hasCount(0);

    // the ban is listed in the moderator's Members section, for good, and lifted from there
    Locator banned = carolPage.locator("#ban-list li[data-member='" + bob.sub() + "']");
    assertThat(banned).containsText("for good");
    banned.locator("button[data-action='unban']").click();
    assertThat(carolPage.locator("#member-status")).containsText("may join again.");
    assertThat(banned).hasCount(0);
    bobPage.locator("#join-form button[type=submit]").click();
    assertThat(bobPage.locator("#conn-status")).hasAttribute("data-state", "online");
  }

  @Test
  void peopleAreShownByTheirTokensNameWhileTheirUserStaysTheIdentity() {
    String room = TestGateway.room("names");
    String sub = liddell.sub();
    Page alice = enter("liddell", room);
    Page bobPage = enter("bob", room);

    assertThat(bobPage.locator("#members li[data-user='" + sub + "'] .name")).hasText("Alice Liddell");
    alice.locator("#text").pressSequentially("down the rabbit hole");
    assertThat(bobPage.locator("#typing")).hasText("Alice Liddell is typing…");
    alice.locator("#text").press("Enter");
    Locator seenByBob = message(bobPage, "down the rabbit hole");
    assertThat(seenByBob.locator(".author")).hasText("Alice Liddell");
    assertThat(seenByBob.locator(".author")).hasAttribute("title", sub);
    // Her own message is hers by user, whatever it is shown as.
    Locator seenByAlice = message(alice, "down the rabbit hole");
    assertThat(seenByAlice).hasClass(java.util.regex.Pattern.compile("\\bmine\\b"));
    assertThat(seenByAlice.locator(".author")).hasText("Alice Liddell");
    send(bobPage, "hello");
    assertThat(message(alice, "hello").locator(".author")).hasText("bob");
  }
}
