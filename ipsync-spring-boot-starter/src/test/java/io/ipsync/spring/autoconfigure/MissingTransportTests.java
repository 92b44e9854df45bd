package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.redis.RedisTransport;
import io.ipsync.spring.autoconfigure.redis.IpsyncRedisAutoConfiguration;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A channel on a transport whose module is not on the class path fails startup, before any channel
 * opens, with a failure analysis that names the property that chose the transport and the
 * dependency to add.
 */
class MissingTransportTests {

    @TempDir
    Path baseDir;

    /** An application without io.ipsync:ipsync-redis. */
    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(RedisTransport.class))
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpsyncAutoConfiguration.class,
                        IpsyncRedisAutoConfiguration.class))
                .withPropertyValues("ipsync.base-dir=" + baseDir);
    }

    @Test
    void redisAsTheTransportOfEveryChannelWithoutIpsyncRedisFailsNamingIpsyncTransportAndTheDependency() {
        runner().withPropertyValues("ipsync.transport=redis", "ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MissingTransportFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("queue 'orders'").contains("ipsync.transport=redis")
                    .contains("io.ipsync:ipsync-redis");
            assertThat(analysis.getAction()).contains("Add the dependency io.ipsync:ipsync-redis")
                    .contains("spring.data.redis").contains("set ipsync.transport to one of [file]");
            assertThat(baseDir.resolve("orders")).as("no channel opened").doesNotExist();
        });
    }

    @Test
    void redisAsTheTransportOfOneEntryWithoutIpsyncRedisFailsNamingTheEntrysProperty() {
        runner().withPropertyValues("ipsync.queues.orders=orders", "ipsync.events.reload.path=reload.event",
                "ipsync.events.reload.transport=redis").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MissingTransportFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("event 'reload'")
                            .contains("ipsync.events.reload.transport=redis");
                    assertThat(analysis.getAction()).contains("io.ipsync:ipsync-redis")
                            .contains("ipsync.events.reload.transport");
                });
    }

    @Test
    void aMisspelledTransportFailsNamingThePropertyAndTheTransportsThereAre() {
        runner().withPropertyValues("ipsync.transport=rdis", "ipsync.queues.orders=orders").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MissingTransportFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'rdis'").contains("ipsync.transport=rdis").contains("[file]");
            assertThat(analysis.getAction()).contains("Set ipsync.transport to a transport the application has [file]");
        });
    }

    @Test
    void springBootFindsTheFailureAnalyzer() throws Exception {
        List<String> analyzers = new ArrayList<>();
        for (URL factories : Collections.list(getClass().getClassLoader()
                .getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            analyzers.add(PropertiesLoaderUtils.loadProperties(new UrlResource(factories))
                    .getProperty(FailureAnalyzer.class.getName(), ""));
        }
        assertThat(analyzers).anySatisfy(names -> assertThat(names).contains(MissingTransportFailureAnalyzer.class.getName()));
    }

    @Test
    void channelsOnFilesNeedNoOtherTransport() {
        runner().withPropertyValues("ipsync.queues.orders=orders").run(context -> assertThat(context).hasNotFailed());
    }
}
