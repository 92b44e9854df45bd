package io.ipsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.JsonDataQueue;
import io.ipsync.ReceivedMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacklogWriterTest {

    @TempDir
    Path queue;

    @Test
    void backlogWrittenWithPlainCallsIsTakenByAConsumerOldestFirstAsIfPut() throws Exception {
        BacklogWriter.write(queue, 50, new PrintWriter(new StringWriter()));

        List<Long> seqs = new ArrayList<>();
        String producer = null;
        try (JsonDataQueue consumer = JsonDataQueue.open(queue)) {
            assertThat(consumer.size()).isEqualTo(50);
            for (Optional<ReceivedMessage> next = consumer.receive(Duration.ZERO); next.isPresent();
                    next = consumer.receive(Duration.ZERO)) {
                try (ReceivedMessage message = next.get()) {
                    BenchMessage content = message.payload().as(BenchMessage.class);
                    seqs.add(content.seq());
                    assertThat(content.note()).isEqualTo(BenchMessage.NOTE);
                    assertThat(message.metadata().timestamp().toEpochMilli() * 1_000_000)
                            .as("the name's timestamp is the time of writing")
                            .isLessThanOrEqualTo(content.sentAt() + 1_000_000);
                    producer = message.metadata().producerId();
                    message.acknowledge();
                }
            }
            assertThat(consumer.stats().deadLetters()).isZero();
        }
        assertThat(seqs).hasSize(50).isSorted().startsWith(0L).endsWith(49L);
        assertThat(producer).matches("[A-Za-z]{32}");
    }

    @Test
    void namesAreUniqueAndGrowEvenWithinOneNanosecond() {
        BacklogWriter.Names names = new BacklogWriter.Names();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(names.next());
        }

        assertThat(made).doesNotHaveDuplicates().isSorted()
                .allMatch(name -> name.matches("q_\\d{19}_[A-Za-z]{32}"));
    }
}
