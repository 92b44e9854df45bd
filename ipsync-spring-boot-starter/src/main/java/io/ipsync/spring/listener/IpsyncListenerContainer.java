package io.ipsync.spring.listener;

import io.ipsync.listener.ListenerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container of one {@code @IpsyncListener} method: core's {@link ListenerContainer} for its
 * channel, with the endpoint it was built from and, for events and data events, the listener's
 * own channel object (each listener keeps its own memory of what it saw, so every listener sees
 * every signal). Containers are not beans; the {@link IpsyncListenerEndpointRegistry} owns them.
 */
public final class IpsyncListenerContainer implements ListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(IpsyncListenerContainer.class);

    private final IpsyncListenerEndpoint endpoint;

    private final ListenerContainer delegate;

    private final AutoCloseable ownChannel;

    IpsyncListenerContainer(IpsyncListenerEndpoint endpoint, ListenerContainer delegate, AutoCloseable ownChannel) {
        this.endpoint = endpoint;
        this.delegate = delegate;
        this.ownChannel = ownChannel;
    }

    /** The listener method and channel this container serves. */
    public IpsyncListenerEndpoint endpoint() {
        return endpoint;
    }

    /** Whether the registry starts it with the application context. */
    public boolean isAutoStartup() {
        return endpoint.autoStartup();
    }

    @Override
    public String id() {
        return endpoint.id();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public void pause() {
        delegate.pause();
    }

    @Override
    public void resume() {
        delegate.resume();
    }

    @Override
    public boolean isPaused() {
        return delegate.isPaused();
    }

    /**
     * Stops the container (waiting for handlers in progress, also when another stop is already
     * waiting for them) and closes the listener's own channel object, if it has one.
     */
    void close() {
        delegate.stop();
        if (ownChannel != null) {
            try {
                ownChannel.close();
            } catch (Exception e) {
                log.warn("Could not close the channel of listener {}", id(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "IpsyncListenerContainer[" + id() + " -> " + endpoint.describeMethod() + " on "
                + endpoint.channel().describe() + "]";
    }
}
