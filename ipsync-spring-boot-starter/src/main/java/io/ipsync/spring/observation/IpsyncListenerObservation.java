package io.ipsync.spring.observation;

import io.ipsync.MessageMetadata;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of one handling by a listener container (a queue message, an event's signal, a
 * data event's value), named {@code ipsync.listener} (with Micrometer's meter handler, a timer of
 * that name, with an {@code error} tag when the listener threw). It is in scope while the listener
 * method runs: a tracer puts its trace and span ids in the logging MDC there, and spans the method
 * starts are its children. Its low-cardinality keys are those of {@link ListenerLowCardinalityTags},
 * its high-cardinality keys those of {@link ListenerHighCardinalityTags}.
 */
public enum IpsyncListenerObservation implements ObservationDocumentation {

    /** One call of a listener by its container. */
    LISTENER_OBSERVATION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultIpsyncListenerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return ListenerLowCardinalityTags.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ListenerHighCardinalityTags.values();
        }
    };

    /** The low-cardinality keys of a handling. */
    public enum ListenerLowCardinalityTags implements KeyName {

        /** The listener container's id ({@code @IpsyncListener(id = ...)}). */
        LISTENER_ID("ipsync.listener.id"),

        /** Always {@code ipsync}. */
        MESSAGING_SYSTEM("messaging.system"),

        /** Always {@code process}. */
        MESSAGING_OPERATION("messaging.operation"),

        /** The channel's entry name. */
        MESSAGING_SOURCE_NAME("messaging.source.name"),

        /** {@code queue}, {@code event} or {@code data-event}. */
        MESSAGING_SOURCE_KIND("messaging.source.kind");

        private final String key;

        ListenerLowCardinalityTags(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** The high-cardinality keys of a handling (span attributes, never meter tags). */
    public enum ListenerHighCardinalityTags implements KeyName {

        /** The queue message's id; {@code none} for a signal or a value. */
        MESSAGING_MESSAGE_ID("messaging.message.id"),

        /** Which delivery of the queue message this is, from 1; {@code none} for a signal or a value. */
        MESSAGING_ATTEMPT("ipsync.message.attempt");

        private final String key;

        ListenerHighCardinalityTags(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /**
     * The default convention: the keys above; {@code <channel> process} as the span's name. Extend
     * it to add keys, or implement {@link IpsyncListenerObservationConvention} to replace it.
     */
    public static class DefaultIpsyncListenerObservationConvention implements IpsyncListenerObservationConvention {

        /** The one instance the containers fall back to. */
        public static final DefaultIpsyncListenerObservationConvention INSTANCE = new DefaultIpsyncListenerObservationConvention();

        @Override
        public KeyValues getLowCardinalityKeyValues(IpsyncReceiverContext context) {
            return KeyValues.of(
                    ListenerLowCardinalityTags.LISTENER_ID.withValue(context.getListenerId()),
                    ListenerLowCardinalityTags.MESSAGING_SYSTEM.withValue("ipsync"),
                    ListenerLowCardinalityTags.MESSAGING_OPERATION.withValue("process"),
                    ListenerLowCardinalityTags.MESSAGING_SOURCE_NAME.withValue(context.getSource()),
                    ListenerLowCardinalityTags.MESSAGING_SOURCE_KIND.withValue(ChannelKinds.tagValue(context.getSourceKind())));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(IpsyncReceiverContext context) {
            MessageMetadata metadata = context.getMetadata();
            return KeyValues.of(
                    ListenerHighCardinalityTags.MESSAGING_MESSAGE_ID.withValue(
                            metadata == null ? KeyValue.NONE_VALUE : metadata.name()),
                    ListenerHighCardinalityTags.MESSAGING_ATTEMPT.withValue(
                            metadata == null ? KeyValue.NONE_VALUE : Integer.toString(metadata.attempt())));
        }

        @Override
        public String getContextualName(IpsyncReceiverContext context) {
            return context.getSource() + " process";
        }
    }
}
