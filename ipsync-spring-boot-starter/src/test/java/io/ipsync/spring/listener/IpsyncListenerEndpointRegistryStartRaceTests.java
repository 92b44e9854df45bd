package io.ipsync.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.BackOff;
import io.ipsync.QueueObserver;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry starts in a late phase, after the web server (phase DEFAULT_PHASE - 1024) already
 * takes requests. A request that creates a {@code @Lazy} listener bean registers its container
 * from the request thread. {@link IpsyncListenerEndpointRegistry#start()} copies the containers,
 * starts each, and only then sets {@code running}; a container registered in between is in
 * neither: it is not in the copy, and registration saw {@code running == false}. That listener
 * never starts, with nothing logged.
 */
class IpsyncListenerEndpointRegistryStartRaceTests {

    private static final long PATIENCE_SECONDS = 20;

    /** A container that only records start and stop; the first one's start blocks until released. */
    static final class RecordingContainer implements ListenerContainer {

        private final String id;

        private final CountDownLatch starting;

        private final CountDownLatch release;

        private volatile boolean running;

        RecordingContainer(String id, CountDownLatch starting, CountDownLatch release) {
            this.id = id;
            this.starting = starting;
            this.release = release;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void start() {
            if (starting != null) {
                starting.countDown();
                try {
                    assertThat(release.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public boolean isPaused() {
            return false;
        }
    }

    static class Listeners {

        void eager() {
        }

        void lazy() {
        }
    }

    @Test
    void containerRegisteredWhileTheRegistryIsStartingIsStartedToo() throws Exception {
        CountDownLatch eagerStarting = new CountDownLatch(1);
        CountDownLatch releaseEager = new CountDownLatch(1);
        IpsyncListenerContainerFactory factory = new IpsyncListenerContainerFactory(new DefaultListableBeanFactory(),
                new IpsyncChannelFactory(JsonMapper.builder().build(), QueueObserver.NONE), ListenerErrorHandler.LOGGING,
                Duration.ofSeconds(1)) {
            @Override
            public IpsyncListenerContainer createContainer(IpsyncListenerEndpoint endpoint) {
                boolean eager = endpoint.id().equals("eager");
                return new IpsyncListenerContainer(endpoint, new RecordingContainer(endpoint.id(),
                        eager ? eagerStarting : null, eager ? releaseEager : null), null);
            }
        };
        IpsyncListenerEndpointRegistry registry = new IpsyncListenerEndpointRegistry(factory);
        ChannelDefinition reload = new ChannelDefinition("reload", ChannelKind.EVENT, Path.of("/unused/reload.event"),
                Duration.ofSeconds(1), true, false, false, 1, 1, BackOff.none(), null, Duration.ofSeconds(2), 1024);
        registry.registerListenerContainer(endpoint("eager", reload));

        Thread lifecycle = new Thread(registry::start, "lifecycle-start");
        lifecycle.start();
        assertThat(eagerStarting.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        // meanwhile a request thread creates a @Lazy listener bean
        IpsyncListenerContainer lazy = registry.registerListenerContainer(endpoint("lazy", reload));
        releaseEager.countDown();
        lifecycle.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));

        assertThat(lifecycle.isAlive()).isFalse();
        assertThat(registry.isRunning()).isTrue();
        assertThat(registry.getListenerContainer("eager").isRunning()).isTrue();
        assertThat(lazy.isRunning()).as("the listener registered while the registry was starting runs").isTrue();
    }

    private static IpsyncListenerEndpoint endpoint(String id, ChannelDefinition channel) throws NoSuchMethodException {
        Method method = Listeners.class.getDeclaredMethod(id);
        Listeners bean = new Listeners();
        IpsyncListenerMethodFactory methodFactory = new IpsyncListenerMethodFactory(null, null, java.util.List.of());
        var handlerMethod = methodFactory.createInvocableHandlerMethod(bean, method);
        return new IpsyncListenerEndpoint(id, channel, bean, method, ListenerMethodSignature.of(method,
                handlerMethod.getMethodParameters(), Listeners.class, channel, methodFactory), handlerMethod,
                java.util.Set.of(), null, 0, 1, true);
    }
}
