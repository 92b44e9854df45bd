/** The ipsync demo shop. */
package io.ipsync.sample;
