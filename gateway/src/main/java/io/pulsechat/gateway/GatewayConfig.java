package io.pulsechat.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every setting of the gateway, read once from environment variables (or a map, in tests).
 * README's configuration table lists the same keys; {@link #KEYS} is the single source of both.
 *
 * @param eventLoops        WebSocket/HTTP verticle instances sharing the port
 * @param roomShards        room-owner verticles; a room's state lives in exactly one
 * @param transport         Netty's I/O transport under Vert.x: auto, nio, epoll or io_uring
 * @param store             where messages, mood and flags are kept
 * @param dynamoDbEndpoint  explicit DynamoDB endpoint (with {@link Store#DYNAMODB})
 * @param awsRegion         region of a real DynamoDB (with {@link Store#DYNAMODB})
 * @param sqliteSynchronous SQLite's {@code synchronous} setting: FULL or NORMAL
 * @param sqliteReaders     connections (and threads) reading the SQLite file
 * @param protocolLimits    what one client may ask of the gateway besides sends: rates, rooms, flags
 * @param outboundMaxBytes  per-connection outbound buffer bound; past it the reader is closed with 1013
 * @param aws               the AWS integrations: front door, events, CloudWatch metrics
 * @param modelStore        where published models are polled: a folder, {@code s3://bucket/prefix/}, or empty
 * @param modelS3Endpoint   explicit S3 endpoint for the model store (an S3-compatible server); empty means AWS
 * @param alertScore        a room whose mood falls below this score raises a sentiment alert
 * @param messageTtl        how long a stored message is kept (DynamoDB TTL); zero keeps it forever
 * @param auth              who may connect: anyone (open) or holders of a signed token
 * @param conversation      bounds on edits, reactions, typing and read markers
 * @param deliveryTrace     time each stage of a broadcast's delivery (benchmarks); off records nothing
 */
public record GatewayConfig(
    String host,
    int port,
    Path dataDir,
    Store store,
    Optional<URI> dynamoDbEndpoint,
    Optional<String> awsRegion,
    String tablePrefix,
    String sqliteSynchronous,
    int sqliteReaders,
    int eventLoops,
    int roomShards,
    io.pulsechat.gateway.vertx.NetworkTransport transport,
    int maxFrameBytes,
    int maxTextChars,
    double ratePerSecond,
    int rateBurst,
    ProtocolLimits protocolLimits,
    int outboundMaxBytes,
    int largeRoomThreshold,
    int batchMaxItems,
    Duration batchWindow,
    int writeQueueMax,
    int writeConcurrency,
    Duration writeRetryBudget,
    Duration moodWindow,
    Duration shutdownGrace,
    Path publicDir,
    Aws aws,
    String modelStore,
    Optional<URI> modelS3Endpoint,
    Duration modelPoll,
    Duration moodFlush,
    double alertScore,
    int alertMinMessages,
    Duration messageTtl,
    Cluster cluster,
    Net net,
    Scoring scoring,
    Auth auth,
    Conversation conversation,
    Access access,
    boolean deliveryTrace) {

  /**
   * What members may do besides sending: react, type, mark read (PROTOCOL.md, "Extensions:
   * conversation"). Edits and deletes take tokens of the send buckets.
   *
   * @param reactions              reacts and unreacts of one connection
   * @param typing                 typing and read frames of one connection
   * @param maxReactionEmoji       distinct emoji one message may carry
   * @param maxReactionsPerUser    emoji one user may put on one message
   * @param maxReactionsPerMessage reactions (a user and an emoji) one message may carry in all
   * @param typingInterval         at most one typing frame per user per room this often is passed on
   */
  public record Conversation(Rate reactions, Rate typing, int maxReactionEmoji, int maxReactionsPerUser,
                             int maxReactionsPerMessage, Duration typingInterval) {
  }

  /** Where the gateway stores; the value of {@code STORE}. */
  public enum Store {
    /** A SQLite file under DATA_DIR: one machine, no other process. */
    SQLITE("sqlite"),
    /** The DynamoDB that DYNAMODB_ENDPOINT or AWS_REGION names; what a fleet shares. */
    DYNAMODB("dynamodb"),
    /** DynamoDB Local inside this process, its files under DATA_DIR. */
    DYNAMODB_LOCAL("dynamodb-local");

    private final String value;

    Store(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  /** How clients reach the gateway: {@code /ws} directly, or through API Gateway's WebSocket API. */
  // Constant names are the stack's FrontDoor parameter values, so the env value maps 1:1.
  public enum FrontDoor { LoadBalancer, ApiGateway }

  /**
   * The AWS integrations, all off by default so that a laptop needs no AWS at all.
   *
   * @param apigwEndpoint     management endpoint for PostToConnection; present in ApiGateway mode
   * @param apigwReorder      how long a connection's home holds its frames to hand them on in API Gateway's order
   * @param eventBus          EventBridge bus; empty logs events instead
   * @param messageEventRate  share of messages published as MessageCreated in {@code sampled} mode
   * @param metricsNamespace  CloudWatch namespace; empty publishes no CloudWatch metrics
   */
  public record Aws(FrontDoor frontDoor, Optional<URI> apigwEndpoint, int apigwConcurrency, Optional<String> eventBus,
                    String messageEvents, double messageEventRate, int eventBuffer, Optional<String> metricsNamespace,
                    String asgName, Duration apigwReorder) {
  }

  /**
   * The clustered fleet: off by default; on, several gateways share rooms over the Vert.x
   * clustered event bus on Hazelcast, joining by TCP-IP {@code members} or, with an EC2 tag,
   * by AWS discovery.
   *
   * @param host          address Hazelcast and the event bus bind to and advertise to the other nodes
   * @param eventBusPort  0 picks a free one
   */
  public record Cluster(boolean enabled, String name, String host, int port, List<String> members, int eventBusPort,
                        Optional<String> awsTagKey, Optional<String> awsTagValue) {
    public boolean awsDiscovery() {
      return awsTagKey.isPresent();
    }
  }

  /**
   * A token bucket's settings: refilled at {@code perSecond}, holding at most {@code burst}.
   */
  public record Rate(double perSecond, int burst) {
  }

  /**
   * What one client may ask of the gateway, besides the per-connection send bucket above.
   *
   * @param userSends            sends of one user across all its connections on this node
   * @param joins                joins and leaves of one connection
   * @param history              history requests of one connection
   * @param flags                flags of one connection
   * @param flagsPerAddress      flags from one source address, all its connections and names together
   * @param abuseAfter           over the allowance without pause this long closes the connection with 1008
   * @param maxRoomsPerConnection rooms one connection may be in at once
   * @param maxRooms             rooms this node's shards hold at once, empty ones included
   * @param emptyRoomKeep        how long a room nobody is in stays loaded, for a quick return
   * @param maxEmptyRooms        empty rooms kept loaded at most; past it the longest empty go first
   */
  public record ProtocolLimits(Rate userSends, Rate joins, Rate history, Rate flags, Rate flagsPerAddress,
                               Duration abuseAfter, int maxRoomsPerConnection, int maxRooms, Duration emptyRoomKeep,
                               int maxEmptyRooms) {
  }

  /**
   * Bounds on what one client can make the network side hold: connections, timeouts, bodies,
   * meter tags; and where the management server listens.
   *
   * @param maxTagValues              distinct values one tag of one meter may take; more become {@code _other}
   * @param maxBodyBytes              largest HTTP request body on any route; larger gets 413
   * @param handshakeTimeout          time to send complete request headers, from connecting or the last response
   * @param httpIdleTimeout           a kept-alive HTTP connection without a request this long is closed
   * @param wsPingInterval            a WebSocket silent this long is pinged
   * @param wsIdleTimeout             a WebSocket silent this long (pongs count as sound) is closed with 1001
   * @param maxConnections            open connections in all; 0 derives it from the descriptor limit
   * @param maxConnectionsPerAddress  open connections from one source address; 0 is no limit
   * @param limitLoopback             whether loopback addresses are held to the per-address bound
   * @param proxyProtocol             whether connections start with a PROXY protocol header naming the client
   * @param managementHost            interface of the management server (/metrics, the flags export)
   * @param managementPort            its port; 0 picks a free one
   * @param allowedOrigins            web origins allowed besides the gateway's own; empty means localhost
   */
  public record Net(int maxTagValues, int maxBodyBytes, Duration handshakeTimeout, Duration httpIdleTimeout,
                    Duration wsPingInterval, Duration wsIdleTimeout, int maxConnections, int maxConnectionsPerAddress,
                    boolean limitLoopback, boolean proxyProtocol, String managementHost, int managementPort,
                    List<String> allowedOrigins) {
  }

  /**
   * Which sentiment model scores messages, and the bounds of the accurate model's worker pool.
   *
   * @param mode     fast, accurate or auto
   * @param pool     the pool's threads, queue bound, batch size and (auto) longest wait and CPU budget
   */
  public record Scoring(io.pulsechat.gateway.sentiment.SentimentMode mode,
                        io.pulsechat.gateway.sentiment.AccuratePool.Settings pool) {
  }

  /** Whether clients need a signed token; the value of {@code AUTH_MODE}. */
  public enum AuthMode { OPEN, TOKEN }

  /**
   * Who may connect and as whom.
   *
   * @param jwtSecret        HS256 key shared with whoever mints tokens (at least 32 bytes)
   * @param jwksUrl          where the RS256/ES256 public keys are published (a JSON Web Key Set)
   * @param issuer           the {@code iss} every token must carry, when set
   * @param audience         one of the token's {@code aud}, when set
   * @param clockSkew        how far the issuer's clock may differ from ours, for exp and nbf
   * @param jwksMinRefresh   least time between two JWKS fetches caused by tokens with an unknown kid
   * @param apigwSecret      value API Gateway's integration sends in the X-PulseChat-Secret header
   * @param adminClaim       the claim holding the token's global roles ({@code admin}, {@code moderator})
   * @param signInOrigins    origins the browser client may fetch tokens from (a sign-in provider's), for the CSP
   */
  public record Auth(AuthMode mode, Optional<String> jwtSecret, Optional<URI> jwksUrl, Optional<String> issuer,
                     Optional<String> audience, Duration clockSkew, Duration jwksMinRefresh,
                     Optional<String> apigwSecret, String adminClaim, List<String> signInOrigins) {
    public boolean tokens() {
      return mode == AuthMode.TOKEN;
    }

    @Override
    public String toString() {
      // Never print the secrets, whatever logs a config.
      return "Auth[mode=" + mode + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
  }

  /**
   * Private rooms and moderation (token mode).
   *
   * @param cacheTtl    how long a node trusts the rules of a room it read (a change made on another node waits this long)
   * @param cacheRooms  rooms whose rules a node keeps at most
   * @param maxRules    members, bans and mutes one room may hold in all
   */
  public record Access(Duration cacheTtl, int cacheRooms, int maxRules) {
  }

  /** One documented setting. */
  public record Key(String name, String defaultValue, String doc) {
  }

  public static final List<Key> KEYS = List.of(
      new Key("AUTH_MODE", "open", "open: anyone may join under any free name (a guestKey keeps a name while online); token: every WebSocket and /api/* request needs a signed JWT whose sub is the user."),
      new Key("AUTH_JWT_SECRET", "", "HS256 key (at least 32 bytes) of the tokens, shared with whoever mints them (the token command); never logged."),
      new Key("AUTH_JWKS_URL", "", "URL of a JSON Web Key Set (such as Cognito's https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json) whose keys verify RS256/ES256 tokens."),
      new Key("AUTH_JWT_ISSUER", "", "When set, a token's iss must equal it."),
      new Key("AUTH_JWT_AUDIENCE", "", "When set, a token's aud must include it."),
      new Key("AUTH_CLOCK_SKEW_S", "30", "Seconds a token's exp and nbf may be off, for clocks that differ."),
      new Key("AUTH_JWKS_MIN_REFRESH_S", "30", "Least seconds between two fetches of AUTH_JWKS_URL caused by tokens with a key id it does not know."),
      new Key("AUTH_APIGW_SECRET", "", "Secret API Gateway's integration sends in the X-PulseChat-Secret header; POST /apigw/messages without it gets 403; empty lets any caller that reaches the port post (a warning at start)."),
      new Key("AUTH_ADMIN_CLAIM", "roles", "Token claim (a string or a list of strings) holding global roles: admin has every right in every room, moderator moderates every public room; the token command's --role writes it."),
      new Key("AUTH_SIGNIN_ORIGINS", "https://*.amazoncognito.com", "Origins (space-separated; scheme://host[:port], the host may start with *.) of the sign-in provider whose token endpoint the browser client calls; added to the pages' CSP connect-src."),
      new Key("AUTH_ACCESS_TTL_S", "2", "Seconds a gateway trusts the private-room members, bans and mutes it read; a change made through another gateway of a fleet applies here within it (kicked and banned users leave everywhere at once)."),
      new Key("AUTH_ACCESS_CACHE_ROOMS", "10000", "Rooms whose rules a gateway keeps in memory at most; the least recently used go first."),
      new Key("AUTH_ROOM_MAX_RULES", "1000", "Members, bans and mutes one room may hold in all; more gets bad_request."),
      new Key("HOST", "0.0.0.0", "Interface to listen on."),
      new Key("PORT", "8080", "HTTP and WebSocket port; 0 picks a free one."),
      new Key("MANAGEMENT_HOST", "127.0.0.1", "Interface of the management server (/metrics, /api/feedback.jsonl, health); keep it off the public network."),
      new Key("MANAGEMENT_PORT", "9090", "Port of the management server; 0 picks a free one."),
      new Key("CHAT_ALLOWED_ORIGINS", "", "Comma-separated web origins (https://chat.example.com) whose pages may open WebSockets and call /api/*, besides the gateway's own; empty allows localhost pages; * allows any."),
      new Key("CHAT_MAX_BODY_BYTES", "65536", "Largest HTTP request body on any route (POST /apigw/messages included); larger gets 413."),
      new Key("CHAT_MAX_TAG_VALUES", "200", "Distinct values one tag of one meter may take; more are counted as _other in pulsechat.meter.tag.values.capped."),
      new Key("CHAT_HANDSHAKE_TIMEOUT_MS", "10000", "Time a connection has to send complete request headers (a WebSocket upgrade included), from connecting; slower and silent ones are closed."),
      new Key("CHAT_HTTP_IDLE_TIMEOUT_MS", "60000", "A kept-alive HTTP connection with no new request for this long is closed."),
      new Key("CHAT_WS_PING_INTERVAL_MS", "30000", "A WebSocket that has sent nothing for this long gets a ping."),
      new Key("CHAT_WS_IDLE_TIMEOUT_MS", "75000", "A WebSocket that has sent nothing, pongs included, for this long is closed with 1001; more than CHAT_WS_PING_INTERVAL_MS."),
      new Key("CHAT_MAX_CONNECTIONS", "auto", "Open connections in all (HTTP and WebSocket); auto is 90% of the descriptor limit less 100. Past it 16 more may ask for /health only, the rest are closed at once."),
      new Key("CHAT_MAX_CONNECTIONS_PER_ADDRESS", "200", "Open connections from one source address; more are closed at once; 0 is no limit. Loopback is exempt unless CHAT_LIMIT_LOOPBACK=true."),
      new Key("CHAT_LIMIT_LOOPBACK", "false", "true holds loopback addresses to CHAT_MAX_CONNECTIONS_PER_ADDRESS too (load tests and local fleets connect from there)."),
      new Key("CHAT_PROXY_PROTOCOL", "false", "true: each connection starts with a PROXY protocol v1/v2 header from a trusted proxy or load balancer, and its client address is the one limited and logged."),
      new Key("DATA_DIR", "./data", "Where the embedded stores keep their files: pulsechat.db (SQLite) or DynamoDB Local's."),
      new Key("LOG_FORMAT", "plain", "plain: text lines; json: one JSON object per line (logstash-logback-encoder)."),
      new Key("LOG_LEVEL", "INFO", "Level of the gateway's log: TRACE, DEBUG, INFO, WARN or ERROR."),
      new Key("STORE", "", "sqlite, dynamodb or dynamodb-local; empty means dynamodb when DYNAMODB_ENDPOINT or AWS_REGION is set, else sqlite."),
      new Key("DYNAMODB_ENDPOINT", "", "DynamoDB endpoint URL (STORE=dynamodb); setting it alone selects dynamodb."),
      new Key("AWS_REGION", "", "AWS region of a real DynamoDB; credentials come from the default AWS chain. Setting it alone selects dynamodb."),
      new Key("CHAT_TABLE_PREFIX", "pulsechat-", "Prefix of the DynamoDB table names."),
      new Key("CHAT_SQLITE_SYNCHRONOUS", "FULL", "SQLite durability: FULL (an acked message survives a power loss) or NORMAL (it survives a crash of the process; the last commits can be lost on power loss)."),
      new Key("CHAT_SQLITE_READERS", "2", "Connections (threads) serving SQLite reads: history, resend lookups, mood series."),
      new Key("CHAT_EVENT_LOOPS", "cores", "WebSocket/HTTP verticle instances sharing the port (default: available cores)."),
      new Key("CHAT_ROOM_SHARDS", "cores", "Room-owner verticles; each room is owned by one (default: available cores)."),
      new Key("TRANSPORT", "auto", "Netty's network transport: auto (epoll, else io_uring, else nio: the first the kernel loads, logged at start), nio, epoll or io_uring (an explicit one that cannot load stops the start with the reason)."),
      new Key("CHAT_MAX_FRAME_BYTES", "16384", "Largest inbound WebSocket frame; a larger one closes the connection with 1009."),
      new Key("CHAT_MAX_TEXT_CHARS", "2000", "Longest message text in code points after trimming; longer gets too_large."),
      new Key("CHAT_RATE_PER_SECOND", "20", "Sends a connection may make per second (token bucket refill)."),
      new Key("CHAT_RATE_BURST", "40", "Token bucket size for sends."),
      new Key("CHAT_USER_RATE_PER_SECOND", "CHAT_RATE_PER_SECOND", "Sends one user may make per second over all its connections on this node."),
      new Key("CHAT_USER_RATE_BURST", "CHAT_RATE_BURST", "Token bucket size for one user's sends over all its connections on this node."),
      new Key("CHAT_JOIN_RATE_PER_SECOND", "10", "Joins and leaves a connection may make per second."),
      new Key("CHAT_JOIN_RATE_BURST", "60", "Token bucket size for joins and leaves (enough to rejoin every room at once)."),
      new Key("CHAT_HISTORY_RATE_PER_SECOND", "5", "History requests a connection may make per second."),
      new Key("CHAT_HISTORY_RATE_BURST", "20", "Token bucket size for history requests."),
      new Key("CHAT_FLAG_RATE_PER_SECOND", "1", "Flags a connection may make per second."),
      new Key("CHAT_FLAG_RATE_BURST", "10", "Token bucket size for flags."),
      new Key("CHAT_FLAGS_PER_ADDRESS_PER_MINUTE", "60", "Flags taken from one source address per minute, over all its connections and names."),
      new Key("CHAT_REACT_RATE_PER_SECOND", "5", "Reacts and unreacts a connection may make per second."),
      new Key("CHAT_REACT_RATE_BURST", "20", "Token bucket size for reacts and unreacts."),
      new Key("CHAT_TYPING_RATE_PER_SECOND", "5", "Typing and read frames a connection may send per second."),
      new Key("CHAT_TYPING_RATE_BURST", "20", "Token bucket size for typing and read frames."),
      new Key("CHAT_TYPING_INTERVAL_MS", "2000", "At most one typing frame per user per room this often is passed on; the rest are dropped."),
      new Key("CHAT_MAX_REACTION_EMOJI", "20", "Distinct emoji one message may carry; one more gets too_many_reactions."),
      new Key("CHAT_MAX_REACTIONS_PER_USER", "5", "Emoji one user may put on one message; one more gets too_many_reactions."),
      new Key("CHAT_MAX_REACTIONS_PER_MESSAGE", "1000", "Reactions (a user and an emoji) one message may carry in all; one more gets too_many_reactions."),
      new Key("CHAT_ABUSE_AFTER_S", "5", "Seconds of requests over the allowance without pause (a second) before the connection is closed with 1008; 5 to 20."),
      new Key("CHAT_MAX_ROOMS_PER_CONNECTION", "50", "Rooms one connection may be in at once; one more gets too_many_rooms."),
      new Key("CHAT_MAX_ROOMS", "20000", "Rooms this node holds at once, empty ones included; a new room past it gets unavailable."),
      new Key("CHAT_EMPTY_ROOM_KEEP_S", "30", "Seconds a room stays loaded after its last member left."),
      new Key("CHAT_MAX_EMPTY_ROOMS", "1000", "Empty rooms kept loaded at most on this node; past it the longest empty are released."),
      new Key("CHAT_OUTBOUND_MAX_BYTES", "262144", "Per-connection outbound buffer bound; a reader past it is closed with 1013."),
      new Key("CHAT_LARGE_ROOM", "100", "Above this many members a room sends members frames instead of presence."),
      new Key("CHAT_BATCH_MAX_ITEMS", "25", "Messages per DynamoDB TransactWriteItems call (at most 25: with their dedup items, 50 of the 100 items a transaction may hold)."),
      new Key("CHAT_DELIVERY_TRACE", "false", "true times each stage of a broadcast's delivery (sentiment score, store, release, hand-off to the event loops, write pass, flush) into pulsechat.trace.* histograms on /metrics, for benchmarks; false records nothing."),
      new Key("CHAT_BATCH_WINDOW_MS", "5", "How long a partial batch waits for more messages before it is written."),
      new Key("CHAT_WRITE_QUEUE_MAX", "10000", "Messages waiting for storage; when full, sends get unavailable."),
      new Key("CHAT_WRITE_CONCURRENCY", "4", "DynamoDB write calls in flight at once."),
      new Key("CHAT_WRITE_RETRY_MS", "10000", "How long a batch is retried (backoff with jitter) before its messages get unavailable; a DynamoDB call times out after half of it (at most 5 s), and a send is answered within four times (budget + call timeout)."),
      new Key("CHAT_MOOD_WINDOW_S", "300", "Sliding window of a room's mood, in seconds."),
      new Key("CHAT_SHUTDOWN_GRACE_MS", "10000", "On SIGTERM, how long to wait for queued messages to be stored."),
      new Key("CHAT_PUBLIC_DIR", "", "Serve the browser client from this folder instead of the copy inside the jar."),
      new Key("CHAT_FRONT_DOOR", "LoadBalancer", "LoadBalancer (clients connect to /ws) or ApiGateway (frames arrive at POST /apigw/messages, replies leave through PostToConnection)."),
      new Key("CHAT_APIGW_ENDPOINT", "", "API Gateway management endpoint for PostToConnection, https://<api>.execute-api.<region>.amazonaws.com/<stage>; required with ApiGateway."),
      new Key("CHAT_APIGW_CONCURRENCY", "64", "PostToConnection calls in flight at once."),
      new Key("CHAT_APIGW_REORDER_MS", "50", "Milliseconds a connection's home holds its frames to hand them on in the order API Gateway received them (X-PulseChat-Received-At); 0 hands them on as they come."),
      new Key("CHAT_EVENT_BUS", "", "EventBridge bus for the gateway's events (source pulsechat); empty logs them instead."),
      new Key("CHAT_MESSAGE_EVENTS", "all", "MessageCreated events: all, sampled (CHAT_MESSAGE_EVENTS_RATE of the messages) or off."),
      new Key("CHAT_MESSAGE_EVENTS_RATE", "0.1", "Share of messages published as MessageCreated when sampled, from 0 to 1."),
      new Key("CHAT_EVENT_BUFFER", "10000", "Events waiting to be sent; past it new events are dropped and counted in pulsechat.events.dropped."),
      new Key("CHAT_METRICS_NAMESPACE", "", "CloudWatch namespace of the gateway's metrics (PulseChat in the stack); empty publishes none."),
      new Key("CHAT_ASG_NAME", "", "Value of the AutoScalingGroupName dimension of the CloudWatch metrics."),
      new Key("CHAT_MODEL_STORE", "", "Where the trainer publishes models: a folder or s3://bucket/prefix/; empty keeps the model in the jar."),
      new Key("CHAT_MODEL_S3_ENDPOINT", "", "S3 endpoint URL for an S3-compatible model store; empty means AWS S3 in AWS_REGION."),
      new Key("CHAT_MODEL_POLL_S", "30", "How often the model store's latest.json is checked for a new model, in seconds."),
      new Key("SENTIMENT_MODEL", "auto", "fast: the linear model scores every message inline; accurate: the MiniLM model on a worker pool; auto: accurate when it answers within CHAT_SENTIMENT_MAX_WAIT_MS, else fast."),
      new Key("CHAT_SENTIMENT_THREADS", "1", "Worker threads of the accurate model (each encodes one batch at a time)."),
      new Key("CHAT_SENTIMENT_QUEUE", "64", "Messages waiting for the accurate model at most; a message past it is scored by the fast model (counted in pulsechat.sentiment.fallback)."),
      new Key("CHAT_SENTIMENT_BATCH", "8", "Messages the accurate model encodes together at most."),
      new Key("CHAT_SENTIMENT_MAX_WAIT_MS", "50", "In auto mode, a message that waited longer for the accurate model is scored by the fast one."),
      new Key("CHAT_SENTIMENT_CPU_SHARE", "0.25", "In auto mode, the share of the machine's cores (0 to 1) the accurate model may keep busy over CHAT_SENTIMENT_CPU_WINDOW_MS; past it messages get the fast score (fallback reason cpu-budget)."),
      new Key("CHAT_SENTIMENT_CPU_WINDOW_MS", "1000", "The sliding window over which the accurate model's busy time is measured against CHAT_SENTIMENT_CPU_SHARE."),
      new Key("CHAT_MOOD_FLUSH_S", "60", "How often each active room's per-minute mood buckets are written to the store, in seconds."),
      new Key("CHAT_ALERT_SCORE", "-0.4", "A room whose mood over the window falls below this score raises a SentimentAlert."),
      new Key("CHAT_ALERT_MIN_MESSAGES", "10", "Messages the window must hold before a low mood counts as a spike."),
      new Key("CHAT_MESSAGE_TTL_DAYS", "30", "Days a stored message (and a mood minute, a moderation action, an alert) is kept: SQLite deletes it within a minute after, DynamoDB TTL (expiresAt = ts + this) within about two days after; 0 keeps them forever."),
      new Key("CLUSTER_ENABLED", "false", "true joins a fleet of gateways sharing rooms over the clustered event bus (Hazelcast)."),
      new Key("CLUSTER_NAME", "pulsechat", "Hazelcast cluster name; only nodes with the same name form a fleet."),
      new Key("CLUSTER_HOST", "127.0.0.1", "Address Hazelcast and the event bus bind to and advertise to the other nodes."),
      new Key("CLUSTER_PORT", "5701", "Hazelcast member port of this node."),
      new Key("CLUSTER_MEMBERS", "127.0.0.1:5701", "Comma-separated host:port of nodes to join by TCP-IP (this node may be listed)."),
      new Key("CLUSTER_EVENT_BUS_PORT", "0", "Port of the clustered event bus; 0 picks a free one."),
      new Key("CLUSTER_AWS_TAG_KEY", "", "With a tag key, nodes find each other by EC2 tag (Hazelcast AWS discovery) instead of CLUSTER_MEMBERS."),
      new Key("CLUSTER_AWS_TAG_VALUE", "", "Value of that EC2 tag."));

  private static final List<String> OWN_PREFIXES = List.of("CHAT_", "CLUSTER_", "LOG_", "AUTH_");

  public static GatewayConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Builds the configuration from a map of the keys above; absent keys take their defaults. */
  public static GatewayConfig from(Map<String, String> source) {
    Reader r = new Reader(source);
    int cores = Runtime.getRuntime().availableProcessors();
    GatewayConfig config = new GatewayConfig(
        r.string("HOST"),
        r.integer("PORT", 0, 65535),
        Path.of(r.string("DATA_DIR")),
        store(r),
        r.optional("DYNAMODB_ENDPOINT").map(URI::create),
        r.optional("AWS_REGION"),
        r.string("CHAT_TABLE_PREFIX"),
        r.choice("CHAT_SQLITE_SYNCHRONOUS", "FULL", "NORMAL"),
        r.integer("CHAT_SQLITE_READERS", 1, 64),
        r.integerOrCores("CHAT_EVENT_LOOPS", cores),
        r.integerOrCores("CHAT_ROOM_SHARDS", cores),
        transport(r),
        r.integer("CHAT_MAX_FRAME_BYTES", 256, 1 << 20),
        r.integer("CHAT_MAX_TEXT_CHARS", 1, 100_000),
        r.decimal("CHAT_RATE_PER_SECOND"),
        r.integer("CHAT_RATE_BURST", 1, Integer.MAX_VALUE),
        protocolLimits(r),
        r.integer("CHAT_OUTBOUND_MAX_BYTES", 1024, Integer.MAX_VALUE),
        r.integer("CHAT_LARGE_ROOM", 1, Integer.MAX_VALUE),
        r.integer("CHAT_BATCH_MAX_ITEMS", 1, 25),
        Duration.ofMillis(r.integer("CHAT_BATCH_WINDOW_MS", 0, 60_000)),
        r.integer("CHAT_WRITE_QUEUE_MAX", 1, Integer.MAX_VALUE),
        r.integer("CHAT_WRITE_CONCURRENCY", 1, 1024),
        Duration.ofMillis(r.integer("CHAT_WRITE_RETRY_MS", 0, 3_600_000)),
        Duration.ofSeconds(r.integer("CHAT_MOOD_WINDOW_S", 10, 86_400)),
        Duration.ofMillis(r.integer("CHAT_SHUTDOWN_GRACE_MS", 0, 600_000)),
        r.optional("CHAT_PUBLIC_DIR").map(Path::of).orElse(null),
        aws(r),
        r.string("CHAT_MODEL_STORE"),
        r.optional("CHAT_MODEL_S3_ENDPOINT").map(URI::create),
        Duration.ofSeconds(r.integer("CHAT_MODEL_POLL_S", 1, 86_400)),
        Duration.ofSeconds(r.integer("CHAT_MOOD_FLUSH_S", 1, 3_600)),
        r.score("CHAT_ALERT_SCORE"),
        r.integer("CHAT_ALERT_MIN_MESSAGES", 1, 1_000_000),
        Duration.ofDays(r.integer("CHAT_MESSAGE_TTL_DAYS", 0, 3650)),
        cluster(r),
        net(r),
        scoring(r),
        auth(r),
        new Conversation(r.rate("CHAT_REACT_RATE"), r.rate("CHAT_TYPING_RATE"),
            r.integer("CHAT_MAX_REACTION_EMOJI", 1, 1000),
            r.integer("CHAT_MAX_REACTIONS_PER_USER", 1, 1000),
            r.integer("CHAT_MAX_REACTIONS_PER_MESSAGE", 1, 10_000),
            Duration.ofMillis(r.integer("CHAT_TYPING_INTERVAL_MS", 100, 60_000))),
        access(r),
        Boolean.parseBoolean(r.choice("CHAT_DELIVERY_TRACE", "false", "true")));
    // Logback reads LOG_FORMAT and LOG_LEVEL itself (logback.xml), so that its first line already
    // follows them; here they are only checked, so that a typo stops the start with a clear error.
    r.choice("LOG_FORMAT", "plain", "json");
    r.choice("LOG_LEVEL", "INFO", "TRACE", "DEBUG", "WARN", "ERROR");
    r.failIfInvalid();
    return config;
  }

  private static Store store(Reader r) {
    boolean dynamoDbNamed = r.optional("DYNAMODB_ENDPOINT").isPresent() || r.optional("AWS_REGION").isPresent();
    Optional<String> chosen = r.optional("STORE");
    Store store = chosen.isEmpty() ? (dynamoDbNamed ? Store.DYNAMODB : Store.SQLITE)
        : java.util.Arrays.stream(Store.values()).filter(s -> s.value.equals(chosen.get())).findFirst().orElse(null);
    if (store == null) {
      r.problem("STORE=" + chosen.get() + " is not one of sqlite, dynamodb, dynamodb-local");
      return Store.SQLITE;
    }
    if (store == Store.DYNAMODB && !dynamoDbNamed) {
      r.problem("STORE=dynamodb needs DYNAMODB_ENDPOINT or AWS_REGION");
    }
    if (store == Store.SQLITE && "true".equals(r.string("CLUSTER_ENABLED"))) {
      r.problem("CLUSTER_ENABLED=true needs a DynamoDB the whole fleet shares, and STORE is sqlite, a file of one"
          + " machine: set STORE=dynamodb with DYNAMODB_ENDPOINT or AWS_REGION");
    }
    return store;
  }

  private static io.pulsechat.gateway.vertx.NetworkTransport transport(Reader r) {
    return io.pulsechat.gateway.vertx.NetworkTransport.valueOf(
        r.choice("TRANSPORT", "auto", "nio", "epoll", "io_uring").toUpperCase(java.util.Locale.ROOT));
  }

  private static ProtocolLimits protocolLimits(Reader r) {
    Rate userSends = new Rate(
        "CHAT_RATE_PER_SECOND".equals(r.string("CHAT_USER_RATE_PER_SECOND")) ? r.decimal("CHAT_RATE_PER_SECOND")
            : r.decimal("CHAT_USER_RATE_PER_SECOND"),
        "CHAT_RATE_BURST".equals(r.string("CHAT_USER_RATE_BURST")) ? r.integer("CHAT_RATE_BURST", 1, Integer.MAX_VALUE)
            : r.integer("CHAT_USER_RATE_BURST", 1, Integer.MAX_VALUE));
    int flagsPerMinute = r.integer("CHAT_FLAGS_PER_ADDRESS_PER_MINUTE", 1, 1_000_000);
    return new ProtocolLimits(userSends, r.rate("CHAT_JOIN_RATE"), r.rate("CHAT_HISTORY_RATE"), r.rate("CHAT_FLAG_RATE"),
        new Rate(flagsPerMinute / 60.0, flagsPerMinute),
        Duration.ofSeconds(r.integer("CHAT_ABUSE_AFTER_S", 5, 20)),
        r.integer("CHAT_MAX_ROOMS_PER_CONNECTION", 1, 100_000),
        r.integer("CHAT_MAX_ROOMS", 1, 10_000_000),
        Duration.ofSeconds(r.integer("CHAT_EMPTY_ROOM_KEEP_S", 0, 86_400)),
        r.integer("CHAT_MAX_EMPTY_ROOMS", 0, 10_000_000));
  }

  private static Aws aws(Reader r) {
    FrontDoor frontDoor = FrontDoor.valueOf(r.choice("CHAT_FRONT_DOOR", "LoadBalancer", "ApiGateway"));
    Optional<URI> endpoint = r.optional("CHAT_APIGW_ENDPOINT").map(URI::create);
    if (frontDoor == FrontDoor.ApiGateway && endpoint.isEmpty()) {
      r.problem("CHAT_FRONT_DOOR=ApiGateway needs CHAT_APIGW_ENDPOINT");
    }
    return new Aws(frontDoor, endpoint, r.integer("CHAT_APIGW_CONCURRENCY", 1, 1024), r.optional("CHAT_EVENT_BUS"),
        r.choice("CHAT_MESSAGE_EVENTS", "all", "sampled", "off"), r.fraction("CHAT_MESSAGE_EVENTS_RATE"),
        r.integer("CHAT_EVENT_BUFFER", 10, 10_000_000), r.optional("CHAT_METRICS_NAMESPACE"), r.string("CHAT_ASG_NAME"),
        Duration.ofMillis(r.integer("CHAT_APIGW_REORDER_MS", 0, 1000)));
  }

  private static Auth auth(Reader r) {
    AuthMode mode = AuthMode.valueOf(r.choice("AUTH_MODE", "open", "token").toUpperCase(java.util.Locale.ROOT));
    Optional<String> secret = r.optional("AUTH_JWT_SECRET");
    Optional<URI> jwks = r.optional("AUTH_JWKS_URL").map(URI::create);
    if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      r.problem("AUTH_JWT_SECRET must be at least 32 bytes (HS256 with a shorter key can be guessed)");
    }
    if (jwks.isPresent() && !List.of("http", "https").contains(String.valueOf(jwks.get().getScheme()))) {
      r.problem("AUTH_JWKS_URL must be an http:// or https:// URL");
    }
    if (mode == AuthMode.TOKEN && secret.isEmpty() && jwks.isEmpty()) {
      r.problem("AUTH_MODE=token needs AUTH_JWT_SECRET or AUTH_JWKS_URL to check tokens with");
    }
    Optional<String> apigwSecret = r.optional("AUTH_APIGW_SECRET");
    return new Auth(mode, secret, jwks, r.optional("AUTH_JWT_ISSUER"), r.optional("AUTH_JWT_AUDIENCE"),
        Duration.ofSeconds(r.integer("AUTH_CLOCK_SKEW_S", 0, 600)),
        Duration.ofSeconds(r.integer("AUTH_JWKS_MIN_REFRESH_S", 1, 86_400)), apigwSecret,
        r.string("AUTH_ADMIN_CLAIM"), signInOrigins(r));
  }

  /** Each entry goes into a CSP header as it is: an origin and nothing else (no quote, no ';'). */
  private static List<String> signInOrigins(Reader r) {
    List<String> origins = java.util.Arrays.stream(r.string("AUTH_SIGNIN_ORIGINS").trim().split("\\s+"))
        .filter(s -> !s.isEmpty()).toList();
    for (String origin : origins) {
      if (!origin.matches("https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")) {
        r.problem("AUTH_SIGNIN_ORIGINS entries must be origins such as https://example.auth.us-east-1.amazoncognito.com,"
            + " not " + origin);
      }
    }
    return origins;
  }

  private static Access access(Reader r) {
    return new Access(Duration.ofSeconds(r.integer("AUTH_ACCESS_TTL_S", 0, 3_600)),
        r.integer("AUTH_ACCESS_CACHE_ROOMS", 1, 10_000_000), r.integer("AUTH_ROOM_MAX_RULES", 1, 1_000_000));
  }

  private static Scoring scoring(Reader r) {
    var mode = io.pulsechat.gateway.sentiment.SentimentMode.valueOf(
        r.choice("SENTIMENT_MODEL", "fast", "accurate", "auto").toUpperCase(java.util.Locale.ROOT));
    return new Scoring(mode, new io.pulsechat.gateway.sentiment.AccuratePool.Settings(
        r.integer("CHAT_SENTIMENT_THREADS", 1, 64), r.integer("CHAT_SENTIMENT_QUEUE", 1, 1_000_000),
        r.integer("CHAT_SENTIMENT_BATCH", 1, 1024), Duration.ofMillis(r.integer("CHAT_SENTIMENT_MAX_WAIT_MS", 0, 60_000)),
        r.fraction("CHAT_SENTIMENT_CPU_SHARE"), Duration.ofMillis(r.integer("CHAT_SENTIMENT_CPU_WINDOW_MS", 10, 600_000))));
  }

  private static Net net(Reader r) {
    Duration ping = Duration.ofMillis(r.integer("CHAT_WS_PING_INTERVAL_MS", 50, 3_600_000));
    Duration idle = Duration.ofMillis(r.integer("CHAT_WS_IDLE_TIMEOUT_MS", 100, 7_200_000));
    if (idle.compareTo(ping) <= 0) {
      r.problem("CHAT_WS_IDLE_TIMEOUT_MS must be more than CHAT_WS_PING_INTERVAL_MS, so a pinged client can answer");
    }
    int maxConnections = "auto".equals(r.string("CHAT_MAX_CONNECTIONS")) ? 0
        : r.integer("CHAT_MAX_CONNECTIONS", 1, Integer.MAX_VALUE / 2);
    return new Net(r.integer("CHAT_MAX_TAG_VALUES", 10, 100_000), r.integer("CHAT_MAX_BODY_BYTES", 1024, 64 << 20),
        Duration.ofMillis(r.integer("CHAT_HANDSHAKE_TIMEOUT_MS", 50, 600_000)),
        Duration.ofMillis(r.integer("CHAT_HTTP_IDLE_TIMEOUT_MS", 50, 3_600_000)), ping, idle, maxConnections,
        r.integer("CHAT_MAX_CONNECTIONS_PER_ADDRESS", 0, Integer.MAX_VALUE),
        Boolean.parseBoolean(r.choice("CHAT_LIMIT_LOOPBACK", "false", "true")),
        Boolean.parseBoolean(r.choice("CHAT_PROXY_PROTOCOL", "false", "true")),
        r.string("MANAGEMENT_HOST"), r.integer("MANAGEMENT_PORT", 0, 65535),
        java.util.Arrays.stream(r.string("CHAT_ALLOWED_ORIGINS").split(",")).map(String::trim)
            .filter(o -> !o.isEmpty()).toList());
  }

  private static Cluster cluster(Reader r) {
    List<String> members = java.util.Arrays.stream(r.string("CLUSTER_MEMBERS").split(","))
        .map(String::trim).filter(m -> !m.isEmpty()).toList();
    return new Cluster(Boolean.parseBoolean(r.choice("CLUSTER_ENABLED", "true", "false")), r.string("CLUSTER_NAME"),
        r.string("CLUSTER_HOST"), r.integer("CLUSTER_PORT", 1, 65535), members,
        r.integer("CLUSTER_EVENT_BUS_PORT", 0, 65535), r.optional("CLUSTER_AWS_TAG_KEY"),
        r.optional("CLUSTER_AWS_TAG_VALUE"));
  }

  /** True when the gateway starts DynamoDB Local itself ({@code STORE=dynamodb-local}). */
  public boolean embeddedDynamoDb() {
    return store == Store.DYNAMODB_LOCAL;
  }

  /**
   * Settings that differ from their defaults, for the start-up log, in README's order: secrets as
   * "(set)", the user and password of a URL hidden.
   */
  public static Map<String, String> nonDefault(Map<String, String> source) {
    Map<String, String> changed = new LinkedHashMap<>();
    for (Key key : KEYS) {
      String value = source.get(key.name());
      if (value != null && !value.strip().equals(key.defaultValue())) {
        changed.put(key.name(), key.name().endsWith("SECRET") ? "(set)" : URL_USER_INFO.matcher(value.strip())
            .replaceFirst("$1***@"));
      }
    }
    return changed;
  }

  private static final java.util.regex.Pattern URL_USER_INFO = java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");

  /** One line for the start-up log: {@code KEY=value} pairs (quoted when they hold a space), or that all are defaults. */
  public static String nonDefaultLine(Map<String, String> source) {
    Map<String, String> changed = nonDefault(source);
    if (changed.isEmpty()) {
      return "none (every setting at its default)";
    }
    List<String> pairs = new ArrayList<>();
    changed.forEach((k, v) -> pairs.add(k + "=" + (v.isEmpty() || v.contains(" ") ? "\"" + v + "\"" : v)));
    return String.join(" ", pairs);
  }

  /** {@code CHAT_*} variables that no key knows: most likely typos. */
  public static List<String> unknownKeys(Map<String, String> source) {
    TreeSet<String> known = new TreeSet<>();
    KEYS.forEach(k -> known.add(k.name()));
    List<String> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(source.keySet())) {
      if (OWN_PREFIXES.stream().anyMatch(name::startsWith) && !known.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  /** Reads typed values and collects every problem, so that one start reports all of them. */
  private static final class Reader {
    private final Map<String, String> source;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> source) {
      this.source = source;
      KEYS.forEach(k -> keys.put(k.name(), k));
    }

    String string(String name) {
      String value = source.get(name);
      return value == null || value.isBlank() ? keys.get(name).defaultValue() : value.trim();
    }

    Optional<String> optional(String name) {
      return Optional.of(string(name)).filter(v -> !v.isEmpty());
    }

    int integer(String name, int min, int max) {
      return parse(name, Integer::parseInt, 0, v -> v >= min && v <= max, "a whole number from " + min + " to " + max);
    }

    int integerOrCores(String name, int cores) {
      return "cores".equals(string(name)) ? cores : integer(name, 1, 1024);
    }

    String choice(String name, String... allowed) {
      String value = string(name);
      if (!List.of(allowed).contains(value)) {
        problems.add(name + "=" + value + " is not one of " + String.join(", ", allowed));
        return allowed[0];
      }
      return value;
    }

    double fraction(String name) {
      return parse(name, Double::parseDouble, 0.0, v -> v >= 0 && v <= 1, "a number from 0 to 1");
    }

    void problem(String text) {
      problems.add(text);
    }

    double decimal(String name) {
      return parse(name, Double::parseDouble, 0.0, v -> v > 0 && !v.isInfinite(), "a positive number");
    }

    /** A token bucket from {@code <prefix>_PER_SECOND} and {@code <prefix>_BURST}. */
    Rate rate(String prefix) {
      return new Rate(decimal(prefix + "_PER_SECOND"), integer(prefix + "_BURST", 1, Integer.MAX_VALUE));
    }

    double score(String name) {
      return parse(name, Double::parseDouble, 0.0, v -> v >= -1 && v <= 1, "a number from -1 to 1");
    }

    private <T> T parse(String name, Function<String, T> parser, T fallback, java.util.function.Predicate<T> valid,
                        String expected) {
      String value = string(name);
      try {
        T parsed = parser.apply(value);
        if (valid.test(parsed)) {
          return parsed;
        }
      } catch (RuntimeException ignored) {
        // reported below
      }
      problems.add(name + "=" + value + " is not " + expected);
      return fallback;
    }

    void failIfInvalid() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid configuration: " + String.join("; ", problems));
      }
    }
  }
}
