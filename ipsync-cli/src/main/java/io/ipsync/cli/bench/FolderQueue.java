package io.ipsync.cli.bench;

import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.file.FileSettings;
import java.io.IOException;
import java.nio.file.Path;

/** A queue in a fresh folder of the workspace. */
record FolderQueue(Workspace workspace, Path folder) implements BenchQueue {

    /** A new, empty folder {@code name} in the workspace. */
    static FolderQueue create(Workspace workspace, String name) throws IOException {
        return new FolderQueue(workspace, workspace.newFolder(name));
    }

    @Override
    public String argument() {
        return folder.toString();
    }

    /** Opened without creating anything: the folder exists, and a look must leave no trace in it. */
    @Override
    public JsonDataQueue openToLook() {
        return JsonDataQueue.open(folder, QueueOptions.DEFAULTS, FileSettings.builder().createDirectory(false).build());
    }

    @Override
    public void remove() throws IOException {
        workspace.remove(folder);
    }
}
