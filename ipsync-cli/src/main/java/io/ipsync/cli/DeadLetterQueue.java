package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the {@code dead} commands share: the queue they open (it must exist; nothing is created)
 * and how a dead letter reads as one line of JSON.
 */
final class DeadLetterQueue {

    private DeadLetterQueue() {
    }

    /** Opens the existing queue the argument names, with the command's file options. */
    static JsonDataQueue open(CommandLine command, ChannelArgument queue, SharingOption sharing) {
        FileOptions fileOptions = FileOptions.of(sharing);
        fileOptions.requireFile(command, queue);
        ChannelAddress address = queue.existingQueue(fileOptions);
        // A dead letter is read whole, however large: the queue's own limit is for consumers.
        return JsonDataQueue.open(address, QueueOptions.builder().jsonMapper(JsonFormat.mapper())
                .maxMessageSize(Integer.MAX_VALUE - 8).build());
    }

    /**
     * A dead letter as one JSON object: {@code id}, {@code message}, {@code attempts}, {@code time},
     * {@code reason}, {@code exception}, {@code headers}, and with {@code withPayload} the
     * {@code payload} (its JSON; {@code null} for an empty one) or, for bytes that are not JSON,
     * {@code payloadText}; {@code unreadable: true} when its content cannot be read.
     */
    static ObjectNode describe(DeadLetter letter, boolean withPayload) {
        ObjectNode node = JsonFormat.mapper().createObjectNode();
        node.put("id", letter.id());
        node.put("message", letter.messageId());
        node.put("attempts", letter.attempts());
        node.put("time", letter.time() == null ? null : letter.time().toString());
        node.put("reason", letter.reason());
        node.put("exception", letter.exception());
        ObjectNode headers = node.putObject("headers");
        for (Map.Entry<String, String> header : letter.headers().entrySet()) {
            headers.put(header.getKey(), header.getValue());
        }
        if (withPayload) {
            if (letter.content() == null) {
                node.put("unreadable", true);
            } else {
                String text = new String(letter.content(), StandardCharsets.UTF_8);
                try {
                    JsonNode payload = text.isEmpty() ? null : JsonFormat.parse(text, "the dead letter " + letter.id());
                    node.set("payload", payload == null ? JsonFormat.mapper().nullNode() : payload);
                } catch (InvalidMessageException notJson) {
                    node.put("payloadText", text);
                }
            }
        }
        return node;
    }
}
