/**
 * Durable chat history on DynamoDB, behind the {@link io.pulsechat.gateway.store.MessageStore}
 * contract, with an in-memory twin for tests.
 *
 * <p>One table, {@code <prefix>messages}, holds every message: partition key {@code room},
 * sort key {@code id} (time-sortable ASCII, so string order is acceptance order). Every history
 * page (latest, before an id, after an id) is therefore one Query on one partition, read in
 * either direction with a key condition on {@code id}, never a Scan. Writes are write-behind:
 * {@link io.pulsechat.gateway.store.WriteBehindBatcher} packs up to 25 messages into one
 * TransactWriteItems call whose every Put is conditional on its key being free; a message with a
 * client message id also puts a dedup item (partition key room, user and client message id joined
 * by U+001F, which no room name holds) in the same transaction, so a resend fails a condition
 * instead of costing a read, and a retry after a timed-out call finds its own landed write. A
 * message whose write timed out is fenced with a tombstone at its key before it is answered
 * (see {@link io.pulsechat.gateway.store.BatchWriter#fence}); reads skip tombstones. The
 * global secondary index {@code byClientMsgId} on the {@code dedup} attribute answers for
 * messages stored before dedup items existed; new messages leave it empty. Billing is on
 * demand, because chat load is bursty. Unless retention is unlimited, each item carries
 * {@code expiresAt} (epoch seconds, the message's {@code ts} plus {@code CHAT_MESSAGE_TTL_DAYS}),
 * the table's TTL attribute.
 */
package io.pulsechat.gateway.store;
