package io.ipsync.sample;

import java.util.List;

/**
 * An order as it travels on the {@code orders} queue.
 *
 * @param id the order's id, given by the web process
 * @param customer who ordered
 * @param lines what was ordered
 */
public record Order(String id, String customer, List<OrderLine> lines) {

    /**
     * One line of an order.
     *
     * @param item the item's name
     * @param quantity how many; the worker refuses zero or less
     */
    public record OrderLine(String item, int quantity) {
    }
}
