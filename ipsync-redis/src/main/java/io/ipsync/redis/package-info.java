/**
 * The Redis Streams transport: {@link io.ipsync.Event}, {@link io.ipsync.JsonDataEvent} and
 * {@link io.ipsync.JsonDataQueue} as streams on a Redis server (6.2 or later; tested with 7.0), a
 * server found through Sentinels, or a Redis Cluster, through
 * {@link io.ipsync.redis.RedisTransport}, configured by {@link io.ipsync.redis.RedisSettings}. What follows is the layout every participant follows,
 * whatever its language; the Lua scripts named are in {@code io/ipsync/redis/scripts/} beside
 * these classes, each with its contract in its opening comment, and another program may run them
 * as they are ({@code EVALSHA}, or {@code EVAL}).
 *
 * <h2>Keys</h2>
 * A channel named {@code orders} with the key prefix {@code ipsync:} (the default) has its keys
 * under the hash tag {@code {ipsync:orders}}, so that all of them are in one hash slot; a settings'
 * explicit key {@code K} replaces prefix and name: {@code {K}}. Names never contain braces.
 * <ul>
 * <li>{@code {ipsync:orders}:stream}: a queue's messages (a stream);
 * <li>{@code {ipsync:orders}:retry}: a queue's scheduled messages (a sorted set: member the entry
 * id, score the time it is due, milliseconds since the epoch by the server's clock);
 * <li>{@code {ipsync:orders}:dead}: a queue's dead letters (a stream);
 * <li>{@code {ipsync:orders}:event}: an event (a stream of at most one entry);
 * <li>{@code {ipsync:orders}:value}: a data event (a stream of at most one entry).
 * </ul>
 * Nothing expires; the dead letters stay until purged.
 *
 * <h2>Messages</h2>
 * A producer puts with {@code XADD {ipsync:orders}:stream * p <json> [h:<name> <value> ...]}: field
 * {@code p} the payload (UTF-8 JSON text, empty for null), one field {@code h:<name>} per header
 * (names of 1 to 200 characters without control characters, values without NUL, all of them at
 * most 3,500 bytes in UTF-8), nothing else; a message without headers has only {@code p}. The
 * entry id is the message id; its time part is when it was put. A queue's stream is never trimmed
 * ({@code MAXLEN} would drop messages being handled). An entry that breaks these rules (no
 * {@code p}, {@code p} twice, other fields, a header that breaks the rules, a payload larger than
 * the consumer's maximum message size, not JSON) is dead-lettered by the consumer that takes it,
 * which goes on with the next.
 *
 * <h2>Consumers</h2>
 * All consumers of a queue read through one consumer group, {@code ipsync}, created reading from
 * the stream's start ({@code XGROUP CREATE {ipsync:orders}:stream ipsync 0 MKSTREAM}, a
 * {@code BUSYGROUP} answer meaning it exists), so messages put before any consumer came are
 * delivered. Each consumer has a name of its own in the group, never reused (ipsync's are
 * {@code <pid>@<host>/<8 hex digits>}); the name {@code ~scheduled} is taken by the pseudo-consumer
 * that holds scheduled messages. A message's delivery count in the group's pending list is its
 * attempt, so attempts survive restarts of consumers and, with {@code appendonly yes}, of the
 * server.
 * <ol>
 * <li><b>Take</b>, in this order: the due scheduled messages ({@code take_due.lua}: for each member
 * of {@code :retry} due now, still pending under {@code ~scheduled}, {@code XCLAIM} to the
 * consumer, which counts the delivery, and remove it from {@code :retry}); then new ones,
 * {@code XREADGROUP GROUP ipsync <consumer> COUNT n [BLOCK ms] STREAMS {ipsync:orders}:stream >}
 * (delivery count 1). Messages of one producer come in the order it put them.
 * <li><b>Acknowledge</b> ({@code acknowledge.lua}): {@code XACK} and {@code XDEL}, so handled
 * messages leave the stream.
 * <li><b>Retry later</b> ({@code give_back.lua}, attempt counted) and <b>release</b> (the same,
 * attempt not counted): {@code XCLAIM ... ~scheduled 0 <id> RETRYCOUNT <n> JUSTID}, where n is the
 * delivery count (less one for a release), and {@code ZADD :retry <server time + delay> <id>}. A
 * delay cannot be kept in the pending list itself: {@code XCLAIM ... TIME} in the future is
 * clamped to now by the server.
 * <li><b>Dead-letter</b> ({@code dead_letter.lua}): {@code XADD :dead *} with the fields
 * {@code message-id}, {@code reason}, {@code exception} (if any), {@code attempts}, {@code time}
 * (ms), {@code consumer}, then the message's own fields each prefixed {@code m:}; then
 * {@code XACK} and {@code XDEL}. Re-driving ({@code requeue.lua}) appends the {@code m:} fields,
 * unprefixed, to the queue's stream as a new entry and deletes the dead letter, in one step.
 * </ol>
 * {@code XACK} and {@code XCLAIM} do not check who holds a message, so every settlement runs in a
 * script that first checks, with {@code XPENDING <stream> ipsync <id> <id> 1}, that the message is
 * pending, held by this consumer, at the delivery count it was taken at, and otherwise changes
 * nothing: a consumer whose message was taken over never settles it on the new holder's behalf.
 *
 * <h2>Leases</h2>
 * A queue has a lease {@code L} (the settings' lease, by default the queue's reclaim interval, 2
 * seconds). The idle time of a pending entry is the lease's clock:
 * <ul>
 * <li>a live consumer renews each message it holds at least every {@code L/4}
 * ({@code renew.lua}: {@code XCLAIM <stream> ipsync <consumer> 0 <id> JUSTID}, which sets the idle
 * time to 0 and keeps the delivery count), however long it handles it;
 * <li>a message idle {@code 3L/4} or more under any consumer but {@code ~scheduled} is abandoned:
 * every consumer, while it takes messages, looks every {@code L/4} ({@code reclaim.lua}:
 * {@code XINFO CONSUMERS}, {@code XPENDING ... IDLE 3L/4 ... <consumer>}) and moves such messages to
 * {@code ~scheduled} ({@code XCLAIM ... <3L/4> <id> JUSTID}, keeping the count that already holds
 * the dead consumer's attempt), due at once;
 * <li>so a message of a consumer that died comes back within {@code L}, its attempt counted, and
 * a consumer stopped (a long pause) for more than {@code 3L/4} may find its messages taken over:
 * its settlements then fail, changing nothing.
 * </ul>
 * A consumer that holds nothing and was idle an hour (or ten leases) is removed from the group
 * ({@code XGROUP DELCONSUMER}); a closing consumer gives back what it holds (a release) and removes
 * itself ({@code forget_consumer.lua}).
 *
 * <h2>Events and data events</h2>
 * A signal is {@code XADD {ipsync:reload}:event MAXLEN 1 * s ""}; a value is
 * {@code XADD {ipsync:settings}:value MAXLEN 1 * p <json>}. The version is the entry id. A reader
 * looks with {@code XREVRANGE <key> + - COUNT 1} and waits with
 * {@code XREAD BLOCK <ms> STREAMS <key> <last id seen>} (0-0 for none): changes made while it was
 * busy coalesce into one, none is lost, and every reader sees every change.
 *
 * <h2>Redis Cluster</h2>
 * A channel's keys share one hash slot, the slot of its hash tag, so on a cluster every command and
 * every script of a channel goes to the one master that serves that slot, and channels spread over
 * the masters by their names. Each script touches only the keys it is given ({@code KEYS}), all of
 * one channel, never a key of another slot. A participant on a cluster sends each command to the
 * master of the channel's slot and follows {@code MOVED} and {@code ASK} answers; a blocking read
 * is sent there too, and made again, where the cluster now says, when it is answered
 * {@code MOVED}, {@code ASK} or {@code UNBLOCKED} (a read already waiting when {@code MIGRATE}
 * moved the stream away). ipsync ends a waiting read early with {@code CLIENT UNBLOCK} on the
 * node where it waits. A script a node does not know ({@code NOSCRIPT}: a new master, a restart)
 * is run by its source ({@code EVAL}).
 * <ul>
 * <li><b>Resharding</b> while channels are in use keeps every rule above: commands follow the
 * redirections, and a waiting consumer reads again on the new master. While a channel's slot is
 * being moved, a waiting consumer's reads are answered {@code ASK} at once, so it polls, looking
 * up the layout between reads, until the move completes.
 * <li><b>Failover</b> of a master: connections to the failed master break, so calls fail with an
 * {@link java.io.IOException} within their bounds, the client learns the cluster's layout again,
 * and a later call goes to the promoted replica. Replication is asynchronous: as with a
 * Sentinel-managed server, the promoted replica may lack what the old master last answered for (a
 * put, a settlement, so a message may be lost or come again).
 * </ul>
 *
 * <h2>Durability</h2>
 * A put is stored when {@code XADD} answers; it survives a restart of the server only as far as
 * the server's persistence goes: with {@code appendonly yes} and {@code appendfsync always}, every
 * answered command; with {@code everysec}, all but the last second's. Replication to a replica is
 * asynchronous, so a failover can lose what the old master answered for. The transport's health
 * reports {@code appendonly}.
 *
 * <h2>Failures</h2>
 * Connections are made on demand and never replay a command; every call fails within the
 * settings' connect timeout plus command timeout with an {@link java.io.IOException} naming the
 * channel, its key and the server (on a cluster, the cluster and, where one node is meant, the node). A command that timed out may still have taken effect (a put may
 * be stored after all, so a producer that puts again may put twice).
 */
package io.ipsync.redis;
