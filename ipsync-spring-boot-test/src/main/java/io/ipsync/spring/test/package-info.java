/**
 * Test support for applications that use the ipsync starter, as Spring Boot's {@code *-test}
 * modules are for its own features: {@link io.ipsync.spring.test.IpsyncTest @IpsyncTest} gives
 * each test context its own base directory and Redis key prefix, and
 * {@link io.ipsync.spring.test.IpsyncTestHarness} waits until messages were handled or
 * dead-lettered, reads dead letters and watches events. {@link io.ipsync.spring.test.QueueWaits}
 * waits on a queue outside any context, for tests that run the application in other processes.
 */
package io.ipsync.spring.test;
