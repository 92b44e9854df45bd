package io.ipsync.spring.listener;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup that failed on an {@code @IpsyncListener} method, and what to change. */
class InvalidIpsyncListenerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidIpsyncListenerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidIpsyncListenerException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
