package io.ipsync.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.ipsync.spring.channel.ChannelKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the containers of all {@code @IpsyncListener} methods: looks them up by id, and starts and
 * stops them with the application context. It is the only {@link SmartLifecycle} of ipsync.
 *
 * <p>Containers start in a late phase ({@link #DEFAULT_PHASE}), after the rest of the context is
 * up, and stop first on shutdown: each stops taking messages, handling in progress finishes within
 * {@code ipsync.shutdown-timeout}, and messages not handled go back to their queue. All containers
 * stop in parallel, so shutdown takes one timeout (plus five seconds' grace for handlers that
 * are interrupted) at most, not one per container. Queue beans are destroyed after this registry.
 * If Spring stops waiting for this registry first ({@code spring.lifecycle.timeout-per-shutdown-phase}
 * shorter than that), the context goes on to destroy beans while handlers still run; destroying
 * the registry then waits for those handlers, within the same bound, before the queues close.
 *
 * <pre>{@code
 * registry.getListenerContainer("orders-worker").pause();
 * }</pre>
 */
public class IpsyncListenerEndpointRegistry implements SmartLifecycle, DisposableBean, BeanFactoryAware, BeanNameAware {

    /** Late start, early stop: the phase Spring Kafka and Spring JMS listeners use too. */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

    private static final Logger log = LoggerFactory.getLogger(IpsyncListenerEndpointRegistry.class);

    private final IpsyncListenerContainerFactory containerFactory;

    /** Guarded by itself; its monitor also guards changes to {@link #running}. */
    private final Map<String, IpsyncListenerContainer> containers = new LinkedHashMap<>();

    /**
     * Set and cleared only while holding the monitor of {@link #containers}, together with taking
     * the containers to start or stop: so a container registered concurrently is either among
     * those or sees the new value and starts itself.
     */
    private volatile boolean running;

    private BeanFactory beanFactory;

    private String beanName;

    public IpsyncListenerEndpointRegistry(IpsyncListenerContainerFactory containerFactory) {
        this.containerFactory = containerFactory;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    /**
     * Builds the container of an endpoint and registers it; starts it at once if the registry is
     * running (or starting) and the endpoint starts automatically.
     *
     * @throws InvalidIpsyncListenerException when another listener already has the endpoint's id
     */
    public IpsyncListenerContainer registerListenerContainer(IpsyncListenerEndpoint endpoint) {
        IpsyncListenerContainer container;
        synchronized (containers) {
            IpsyncListenerContainer existing = containers.get(endpoint.id());
            if (existing != null) {
                throw new InvalidIpsyncListenerException(endpoint.describeMethod(), endpoint.channel().name(),
                        "its id '" + endpoint.id() + "' is already the id of " + existing.endpoint().describeMethod(),
                        "Give each @IpsyncListener a unique id.");
            }
            container = containerFactory.createContainer(endpoint);
            containers.put(endpoint.id(), container);
            if (running && container.isAutoStartup()) {
                // under the monitor: a stop() that begins meanwhile then finds it running and stops it
                container.start();
            }
        }
        dependOnQueueBean(endpoint);
        return container;
    }

    /**
     * Makes the context destroy this registry, which stops the listeners, before the queue bean the
     * listener takes messages from: a queue closed under a running listener would release the
     * message in hand while the listener still works on it.
     */
    private void dependOnQueueBean(IpsyncListenerEndpoint endpoint) {
        if (endpoint.channel().kind() == ChannelKind.QUEUE && beanName != null
                && beanFactory instanceof ConfigurableBeanFactory configurable
                && configurable.containsBean(endpoint.channel().name())) {
            configurable.registerDependentBean(endpoint.channel().name(), beanName);
        }
    }

    /** The container of the listener with that id, or {@code null}. */
    public IpsyncListenerContainer getListenerContainer(String id) {
        synchronized (containers) {
            return containers.get(id);
        }
    }

    /** The ids of all listeners. */
    public Set<String> getListenerContainerIds() {
        synchronized (containers) {
            return Set.copyOf(containers.keySet());
        }
    }

    /** All listener containers, in registration order. */
    public Collection<IpsyncListenerContainer> getListenerContainers() {
        synchronized (containers) {
            return List.copyOf(containers.values());
        }
    }

    /**
     * Starts every container that starts automatically. A container registered while this runs
     * is started either here or by its registration.
     */
    @Override
    public void start() {
        for (IpsyncListenerContainer container : markRunning(true)) {
            if (container.isAutoStartup()) {
                container.start();
            }
        }
    }

    @Override
    public void stop() {
        stopInParallel(markRunning(false));
    }

    @Override
    public void stop(Runnable callback) {
        List<IpsyncListenerContainer> toStop = markRunning(false).stream().filter(IpsyncListenerContainer::isRunning)
                .toList();
        if (toStop.isEmpty()) {
            callback.run();
            return;
        }
        Thread stopper = new Thread(() -> {
            try {
                stopInParallel(toStop);
            } finally {
                callback.run();
            }
        }, "ipsync-shutdown");
        stopper.start();
    }

    /** Sets {@link #running} and returns the containers registered until then, in one step. */
    private List<IpsyncListenerContainer> markRunning(boolean value) {
        synchronized (containers) {
            running = value;
            return List.copyOf(containers.values());
        }
    }

    private static void stopInParallel(Collection<IpsyncListenerContainer> toStop) {
        List<Thread> stoppers = new ArrayList<>();
        for (IpsyncListenerContainer container : toStop) {
            Thread stopper = new Thread(container::stop, "ipsync-stop-" + container.id());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                // each container's stop is bounded by its shutdown timeout plus the interrupt grace
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted while stopping ipsync listeners; some may still be stopping");
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

    /**
     * Stops every container and closes the channel objects that listeners opened for themselves.
     * Stopping a container whose stop is still in progress (one the lifecycle gave up waiting for)
     * waits for its handlers, so the queue beans destroyed after this registry are not closed
     * under a running handler; all containers are waited for in parallel.
     */
    @Override
    public void destroy() {
        List<IpsyncListenerContainer> all = markRunning(false);
        stopInParallel(all);
        for (IpsyncListenerContainer container : all) {
            container.close();
        }
    }
}
