package io.ipsync.cli.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap this JVM kept right after a garbage collection: the sum of every heap pool's
 * use after each collection, as the collectors report it, so garbage not yet collected does not
 * count. What a consumer keeps in memory (a listing of a million names, say) shows here; what it
 * allocates and drops does not.
 */
final class HeapAfterGc implements NotificationListener {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());

    private final AtomicLong peakBytes = new AtomicLong();

    private final AtomicLong collections = new AtomicLong();

    private HeapAfterGc() {
    }

    /** Starts listening to this JVM's collectors. */
    static HeapAfterGc watch() {
        HeapAfterGc watcher = new HeapAfterGc();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(watcher, null, null);
            }
        }
        return watcher;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peakBytes.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
    }

    /**
     * The peak in bytes, counting also a full collection run now: so there is a figure even where
     * no collection ran before (a short run), and what is kept to the end counts.
     */
    long peakBytesWithFinalCollection() {
        System.gc();
        long usedAfterFullCollection = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(peakBytes.get(), usedAfterFullCollection);
    }

    /** How many collections were seen before the final one. */
    long collections() {
        return collections.get();
    }
}
