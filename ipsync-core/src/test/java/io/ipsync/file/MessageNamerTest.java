package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MessageNamerTest {

    @Test
    void producerIdIsThirtyTwoLettersAndDiffersBetweenNamers() {
        MessageNamer first = new MessageNamer();
        MessageNamer second = new MessageNamer();
        assertThat(first.producerId()).matches("[A-Za-z]{32}");
        assertThat(first.producerId()).isNotEqualTo(second.producerId());
        assertThat(first.next()).matches("q_\\d{19}_" + first.producerId());
    }

    @Test
    void namesOfOneNamerStrictlyIncreaseEvenWithinOneNanosecond() {
        MessageNamer namer = new MessageNamer("P");
        String previous = namer.next();
        for (int i = 0; i < 50_000; i++) {
            String next = namer.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void namesOfOneNamerAreUniqueAcrossThreads() throws Exception {
        MessageNamer namer = new MessageNamer("P");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> batches = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                batches.add(threads.submit(() -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < 10_000; i++) {
                        names.add(namer.next());
                    }
                    return names;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> batch : batches) {
                List<String> names = batch.get(60, TimeUnit.SECONDS);
                assertThat(names).as("each thread sees its names in put order").isSorted();
                all.addAll(names);
            }
            assertThat(all).hasSize(80_000).doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }
    }
}
