package io.ipsync.spring.autoconfigure;

/**
 * An event: a file whose change is the signal. Written either as the file's path, or with
 * options.
 */
public class EventEntry extends ChannelEntry {

    /**
     * Whether a listener fires once at startup for a file that already exists, instead of
     * 'ipsync.fire-on-init'.
     */
    private Boolean fireOnInit;

    public EventEntry() {
    }

    /** The short form: just the path. */
    public EventEntry(String path) {
        super(path);
    }

    public Boolean getFireOnInit() {
        return fireOnInit;
    }

    public void setFireOnInit(Boolean fireOnInit) {
        this.fireOnInit = fireOnInit;
    }
}
