package io.ipsync.cli.bench;

import io.ipsync.ChannelAddress;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;

/** A queue of the Redis scenarios: a channel of this run on the bench's Redis server, removed with its keys. */
record RedisQueue(RedisTarget target, RedisQueueAddress address) implements BenchQueue {

    @Override
    public String argument() {
        return address.address();
    }

    @Override
    public JsonDataQueue openToLook() {
        return JsonDataQueue.open(ChannelAddress.parse(address.address()), QueueOptions.DEFAULTS);
    }

    @Override
    public void remove() throws InterruptedException {
        target.delete(address);
    }
}
