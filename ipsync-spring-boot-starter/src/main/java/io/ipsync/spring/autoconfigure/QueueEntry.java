package io.ipsync.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * A queue: a directory with one file per message. Written either as the directory's path, or
 * with options.
 */
public class QueueEntry extends ChannelEntry {

    /**
     * Number of listener threads per listener of this queue, instead of 'ipsync.concurrency'.
     */
    private Integer concurrency;

    /**
     * Number of attempts a message of this queue gets before it is dead-lettered, instead of
     * 'ipsync.max-attempts'.
     */
    private Integer maxAttempts;

    /**
     * Delay between attempts; unset fields take 'ipsync.backoff.*'.
     */
    private PartialBackoff backoff = new PartialBackoff();

    /**
     * Directory this queue's dead letters are moved to, instead of
     * 'ipsync.dead-letter-directory' (by default '.ipsync/dead' inside the queue's directory).
     * Must be on the same file system as the queue.
     */
    private Path deadLetterDirectory;

    /**
     * How often consumers of this queue look for the claims of consumers that died, instead of
     * 'ipsync.reclaim-interval'.
     */
    private Duration reclaimInterval;

    /**
     * Largest message that is read, instead of 'ipsync.max-message-size': a larger one is
     * dead-lettered unread.
     */
    private DataSize maxMessageSize;

    /**
     * Fully qualified names of exception classes that are never retried on this queue, in
     * addition to 'ipsync.not-retryable-exceptions': a failure that is one of them (or a
     * subclass), or is caused by one, is dead-lettered on its first attempt.
     */
    private List<String> notRetryableExceptions = new ArrayList<>();

    /**
     * How long a message may wait before it expires; unset for ever. An expired message is
     * dead-lettered, unhandled, with the reason "expired" by the consumer that takes it.
     */
    private Duration timeToLive;

    /**
     * The most messages that may wait in this queue before a put waits for room (up to
     * 'put-timeout') or fails with QueueFullException; unset or 0 for no bound.
     */
    private Long maxBacklog;

    /**
     * How long a put waits for room in this queue when 'max-backlog' is reached, before it
     * fails with QueueFullException; unset or 0 fails at once.
     */
    private Duration putTimeout;

    /**
     * Layout of this queue on files: 'files' (one file per message, shared with Python) or
     * 'journal' (memory-mapped segments, Java only, for large amounts of data). Used when the
     * queue is created; an existing queue keeps its own, and naming the other one fails at
     * startup. Unset: an existing queue as it is, a new one as files.
     */
    private String layout;

    /**
     * Size of each segment file of this queue when it is created as a journal (64MB by default; a
     * multiple of 4KB between 64KB and 1GB). An existing journal keeps its own.
     */
    private DataSize journalSegmentSize;

    /**
     * Bytes of unsettled messages this journal queue holds before a put waits for room (1GB by
     * default), then fails with JournalFullException after 'journal-full-timeout'.
     */
    private DataSize journalMaxBacklog;

    /**
     * How long a put waits for room in this journal queue when 'journal-max-backlog' is reached (10s
     * by default).
     */
    private Duration journalFullTimeout;

    public QueueEntry() {
    }

    /** The short form: just the path. */
    public QueueEntry(String path) {
        super(path);
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public PartialBackoff getBackoff() {
        return backoff;
    }

    public void setBackoff(PartialBackoff backoff) {
        this.backoff = backoff;
    }

    public Path getDeadLetterDirectory() {
        return deadLetterDirectory;
    }

    public void setDeadLetterDirectory(Path deadLetterDirectory) {
        this.deadLetterDirectory = deadLetterDirectory;
    }

    public Duration getReclaimInterval() {
        return reclaimInterval;
    }

    public void setReclaimInterval(Duration reclaimInterval) {
        this.reclaimInterval = reclaimInterval;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public List<String> getNotRetryableExceptions() {
        return notRetryableExceptions;
    }

    public void setNotRetryableExceptions(List<String> notRetryableExceptions) {
        this.notRetryableExceptions = notRetryableExceptions;
    }

    public Duration getTimeToLive() {
        return timeToLive;
    }

    public void setTimeToLive(Duration timeToLive) {
        this.timeToLive = timeToLive;
    }

    public Long getMaxBacklog() {
        return maxBacklog;
    }

    public void setMaxBacklog(Long maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    public Duration getPutTimeout() {
        return putTimeout;
    }

    public void setPutTimeout(Duration putTimeout) {
        this.putTimeout = putTimeout;
    }

    public String getLayout() {
        return layout;
    }

    public void setLayout(String layout) {
        this.layout = layout;
    }

    public DataSize getJournalSegmentSize() {
        return journalSegmentSize;
    }

    public void setJournalSegmentSize(DataSize journalSegmentSize) {
        this.journalSegmentSize = journalSegmentSize;
    }

    public DataSize getJournalMaxBacklog() {
        return journalMaxBacklog;
    }

    public void setJournalMaxBacklog(DataSize journalMaxBacklog) {
        this.journalMaxBacklog = journalMaxBacklog;
    }

    public Duration getJournalFullTimeout() {
        return journalFullTimeout;
    }

    public void setJournalFullTimeout(Duration journalFullTimeout) {
        this.journalFullTimeout = journalFullTimeout;
    }
}
