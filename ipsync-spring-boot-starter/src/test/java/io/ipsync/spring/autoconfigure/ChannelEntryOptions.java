package io.ipsync.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.BeanUtils;

/**
 * The options of the channel entries, read from their classes as the binder sees them: each
 * writable bean property by its kebab-case name, nested ones (a queue's {@code backoff}) by their
 * dotted path. Tests compare the documentation against this, so an option added to an entry class
 * cannot go undocumented.
 */
final class ChannelEntryOptions {

    /** Each map of entries, by its property, and the type of its entries. */
    static final Map<String, Class<?>> KINDS = Map.of(
            "ipsync.events", EventEntry.class,
            "ipsync.data-events", DataEventEntry.class,
            "ipsync.queues", QueueEntry.class);

    /** The name of the entry, under each map, that the metadata describes the options on. */
    static final String EXAMPLE_ENTRY = "example";

    private ChannelEntryOptions() {
    }

    /** The options of an entry type: name to getter (whose generic return type is the option's type). */
    static Map<String, Method> of(Class<?> entryType) {
        Map<String, Method> options = new LinkedHashMap<>();
        collect("", entryType, options);
        return options;
    }

    private static void collect(String prefix, Class<?> type, Map<String, Method> into) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getWriteMethod() == null || property.getReadMethod() == null) {
                continue;
            }
            String name = prefix + kebab(property.getName());
            Class<?> valueType = property.getPropertyType();
            if (valueType == PartialBackoff.class) { // a group of options, not one
                collect(name + ".", valueType, into);
            } else {
                into.put(name, property.getReadMethod());
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
