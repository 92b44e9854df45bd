package io.ipsync.sample;

/**
 * The shop's live settings, published by the web process on the {@code settings} data event.
 *
 * @param currency the currency prices are shown in
 * @param shippingDelayMillis how long the worker takes to "ship" an order (to make the demo
 *     visible)
 */
public record ShopSettings(String currency, long shippingDelayMillis) {

    public static final ShopSettings DEFAULTS = new ShopSettings("EUR", 0);
}
