package io.ipsync.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop in two processes that share a RAM-disk directory through ipsync, with no broker:
 * <ul>
 * <li>the <b>web</b> process (profile {@code web}) takes orders over HTTP and puts them on the
 * {@code orders} queue, publishes the shop's settings on the {@code settings} data event, and
 * signals the {@code reload} event;
 * <li>the <b>worker</b> process (profile {@code worker}, the same jar) handles orders with an
 * {@code @IpsyncListener}, follows the live settings and reloads its catalogue on the event.
 * </ul>
 * Run {@code ./demo.sh} from the repository root to see both at work.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
