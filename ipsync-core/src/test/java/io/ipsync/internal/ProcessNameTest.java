package io.ipsync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcessNameTest {

    @Test
    void namesThisProcessByItsPidAndHostAsTheRuntimeBeanDoes() {
        assertThat(ProcessName.current())
                .startsWith(ProcessHandle.current().pid() + "@")
                .isEqualTo(ManagementFactory.getRuntimeMXBean().getName());
    }
}
