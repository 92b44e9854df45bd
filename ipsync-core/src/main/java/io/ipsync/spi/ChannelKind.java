package io.ipsync.spi;

/** The three kinds of channel every transport opens. */
public enum ChannelKind {

    /** An auto-reset broadcast signal: {@link io.ipsync.Event}, stored by a {@link SignalChannel}. */
    EVENT,

    /** The latest JSON value: {@link io.ipsync.JsonDataEvent}, stored by a {@link ValueChannel}. */
    DATA_EVENT,

    /** A queue of JSON messages: {@link io.ipsync.JsonDataQueue}, stored by a {@link QueueChannel}. */
    QUEUE
}
