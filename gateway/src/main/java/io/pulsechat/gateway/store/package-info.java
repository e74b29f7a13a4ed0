/**
 * Durable chat history on DynamoDB, behind the {@link io.pulsechat.gateway.store.MessageStore}
 * contract, with an in-memory twin for tests.
 *
 * <p>One table, {@code <prefix>messages}, holds every message: partition key {@code room},
 * sort key {@code id} (time-sortable ASCII, so string order is acceptance order). Every history
 * page (latest, before an id, after an id) is therefore one Query on one partition, read in
 * either direction with a key condition on {@code id}, never a Scan; and a replayed write of the
 * same message hits the same key and overwrites an identical row, which makes retries
 * idempotent. Each item also carries {@code dedup} = room, user and client message id joined
 * by U+001F; the global secondary index {@code byClientMsgId} on it answers "did this user
 * already store this clientMsgId in this room" with one Query of limit 1. Billing is on demand,
 * because chat load is bursty. Writes are write-behind: {@link
 * io.pulsechat.gateway.store.WriteBehindBatcher} packs up to 25 messages into one
 * BatchWriteItem, about ten times the throughput of one PutItem per message on DynamoDB Local.
 * Unless retention is unlimited, each item carries {@code expiresAt} (epoch seconds, the
 * message's {@code ts} plus {@code CHAT_MESSAGE_TTL_DAYS}), the table's TTL attribute.
 */
package io.pulsechat.gateway.store;
