package io.ipsync.spring.test;

import io.ipsync.MessageMetadata;
import io.ipsync.spring.annotation.IpsyncListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A small application for the tests, with the channels of the test {@code application.yml}: a
 * listener on {@code orders} that refuses orders of no quantity and can be made to fail a first
 * attempt, and one on {@code settings}. No component scan, so nothing but what it names is in it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestShop.OrderListener.class)
class TestShop {

    /** What travels on {@code orders}. */
    record TestOrder(String id, int quantity, boolean failFirstAttempt) {

        static TestOrder of(String id, int quantity) {
            return new TestOrder(id, quantity, false);
        }
    }

    /** What travels on {@code settings}. */
    record TestSettings(String currency) {
    }

    static class OrderListener {

        final List<String> shipped = new CopyOnWriteArrayList<>();

        final BlockingQueue<TestSettings> settings = new LinkedBlockingQueue<>();

        @IpsyncListener("orders")
        void ship(TestOrder order, MessageMetadata metadata) {
            if (order.quantity() <= 0) {
                throw new IllegalArgumentException("order " + order.id() + ": quantity " + order.quantity() + " is not positive");
            }
            if (order.failFirstAttempt() && metadata.attempt() == 1) {
                throw new IllegalStateException("order " + order.id() + " fails its first attempt");
            }
            shipped.add(order.id());
        }

        @IpsyncListener("settings")
        void settingsChanged(TestSettings newSettings) {
            settings.add(newSettings);
        }
    }
}
