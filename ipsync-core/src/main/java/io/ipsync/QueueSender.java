package io.ipsync;

import io.ipsync.spi.MessageHeaders;
import io.ipsync.spi.OutgoingMessage;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer side of a {@link JsonDataQueue}, the same for every transport: converts values to
 * JSON within the size limit, stamps each message with its expiry ({@link QueueOptions#timeToLive()}),
 * lets the {@link SendInterceptor} run around each put of one message, holds puts back while the
 * backlog is at its bound ({@link BacklogLimit}), and counts what was sent. Thread-safe.
 */
final class QueueSender {

    private final QueueChannel channel;

    private final QueueOptions options;

    private final JsonCodec codec;

    private final QueueObserver observer;

    private final BacklogLimit backlog;

    private final Clock clock;

    QueueSender(QueueChannel channel, QueueOptions options, JsonCodec codec, Clock clock) {
        this.channel = channel;
        this.options = options;
        this.codec = codec;
        this.observer = options.observer();
        this.backlog = new BacklogLimit(channel, options);
        this.clock = clock;
    }

    /**
     * Puts one message, due at once when {@code notBefore} is {@code null}, through the queue's
     * {@link QueueOptions#sendInterceptor() send interceptor}; returns its id.
     */
    String put(Object value, Map<String, String> headers, Instant notBefore) {
        OutgoingMessage message = message(value, headers, notBefore, clock.instant());
        SendInterceptor interceptor = options.sendInterceptor();
        if (interceptor == SendInterceptor.NONE) {
            return store(message);
        }
        return interceptor.intercept(channel.location(), message.headers(), withHeaders -> store(withHeaders == message.headers()
                ? message : new OutgoingMessage(message.json(), withHeaders, message.notBefore())));
    }

    private String store(OutgoingMessage message) {
        try {
            backlog.reserve(1);
            String name = channel.put(message);
            observer.sent(channel.location(), 1);
            return name;
        } catch (IOException e) {
            throw new IpsyncException("Cannot put a message on the queue " + channel.location() + ": " + e, e);
        }
    }

    /** Puts several messages, converting them all first; returns their ids in order. */
    List<String> putAll(Collection<?> values) {
        Instant now = clock.instant();
        List<OutgoingMessage> messages = new ArrayList<>(values.size());
        for (Object value : values) {
            messages.add(message(value, Map.of(), null, now));
        }
        try {
            backlog.reserve(messages.size());
            List<String> names = channel.putAll(messages);
            observer.sent(channel.location(), names.size());
            return names;
        } catch (IOException e) {
            throw new IpsyncException("Cannot put messages on the queue " + channel.location() + ": " + e, e);
        }
    }

    private OutgoingMessage message(Object value, Map<String, String> headers, Instant notBefore, Instant now) {
        Map<String, String> checked = MessageHeaders.check(withExpiry(headers, notBefore, now));
        byte[] json = codec.encode(value, "the queue " + channel.location(), options.maxMessageSize(),
                "QueueOptions.maxMessageSize");
        return new OutgoingMessage(json, checked, notBefore);
    }

    /** The headers with {@link MessageMetadata#EXPIRES_HEADER} added, where the queue has a time to live and the caller set none. */
    private Map<String, String> withExpiry(Map<String, String> headers, Instant notBefore, Instant now) {
        if (headers != null && headers.containsKey(MessageMetadata.EXPIRES_HEADER)) {
            String given = headers.get(MessageMetadata.EXPIRES_HEADER);
            try {
                Instant.parse(given);
            } catch (DateTimeParseException | NullPointerException e) {
                throw new IllegalArgumentException("The header " + MessageMetadata.EXPIRES_HEADER + " must be an ISO-8601"
                        + " instant such as 2026-12-07T10:15:30Z but was '" + given + "'");
            }
            return headers;
        }
        if (options.timeToLive() == null) {
            return headers;
        }
        Instant due = notBefore != null && notBefore.isAfter(now) ? notBefore : now;
        Map<String, String> stamped = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        stamped.put(MessageMetadata.EXPIRES_HEADER, due.plus(options.timeToLive()).toString());
        return stamped;
    }
}
