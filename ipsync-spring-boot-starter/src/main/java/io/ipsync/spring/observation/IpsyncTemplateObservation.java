package io.ipsync.spring.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a send by {@link io.ipsync.spring.core.IpsyncTemplate}, named
 * {@code ipsync.template} (with Micrometer's meter handler, a timer of that name). Its
 * low-cardinality keys, the tags of that timer, are those of {@link TemplateLowCardinalityTags}.
 */
public enum IpsyncTemplateObservation implements ObservationDocumentation {

    /** A queue message put, an event signalled or a data-event value published through the template. */
    TEMPLATE_OBSERVATION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultIpsyncTemplateObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return TemplateLowCardinalityTags.values();
        }
    };

    /** The low-cardinality keys of a send. */
    public enum TemplateLowCardinalityTags implements KeyName {

        /**
         * The sending bean's name: the template's ({@code ipsyncTemplate} when auto-configured), or
         * the queue bean's for a put on it.
         */
        TEMPLATE_NAME("ipsync.template.name"),

        /** Always {@code ipsync}. */
        MESSAGING_SYSTEM("messaging.system"),

        /** Always {@code publish}. */
        MESSAGING_OPERATION("messaging.operation"),

        /** The channel's entry name under {@code ipsync.queues}, {@code .events} or {@code .data-events}. */
        MESSAGING_DESTINATION_NAME("messaging.destination.name"),

        /** {@code queue}, {@code event} or {@code data-event}. */
        MESSAGING_DESTINATION_KIND("messaging.destination.kind");

        private final String key;

        TemplateLowCardinalityTags(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /**
     * The default convention: the keys above; {@code <channel> send} as the span's name.
     * Extend it to add keys, or implement {@link IpsyncTemplateObservationConvention} to replace it.
     */
    public static class DefaultIpsyncTemplateObservationConvention implements IpsyncTemplateObservationConvention {

        /** The one instance the template falls back to. */
        public static final DefaultIpsyncTemplateObservationConvention INSTANCE = new DefaultIpsyncTemplateObservationConvention();

        @Override
        public KeyValues getLowCardinalityKeyValues(IpsyncSenderContext context) {
            return KeyValues.of(
                    TemplateLowCardinalityTags.TEMPLATE_NAME.withValue(context.getTemplateName()),
                    TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("ipsync"),
                    TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("publish"),
                    TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getDestination()),
                    TemplateLowCardinalityTags.MESSAGING_DESTINATION_KIND.withValue(
                            ChannelKinds.tagValue(context.getDestinationKind())));
        }

        @Override
        public String getContextualName(IpsyncSenderContext context) {
            return context.getDestination() + " send";
        }
    }
}
