/** Spring Boot support for ipsync. */
package io.ipsync.spring;
