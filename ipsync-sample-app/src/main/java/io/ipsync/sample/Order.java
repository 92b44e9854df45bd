package io.ipsync.sample;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * An order as it travels on the {@code orders} queue. Its constraints are checked where it is
 * taken as a {@code @Valid} parameter: the worker's listener, which never sees an order that
 * breaks them (ipsync dead-letters it at once, the violations in the reason).
 *
 * @param id the order's id, given by the web process
 * @param customer who ordered
 * @param lines what was ordered, at least one line
 */
public record Order(@NotBlank String id, @NotBlank String customer, @NotEmpty List<@Valid OrderLine> lines) {

    /**
     * One line of an order.
     *
     * @param item the item's name
     * @param quantity how many; the worker refuses zero or less
     */
    public record OrderLine(@NotBlank String item, int quantity) {
    }
}
