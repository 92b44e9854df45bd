package io.ipsync.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup that failed on a channel whose transport is missing, and what to add or change. */
class MissingTransportFailureAnalyzer extends AbstractFailureAnalyzer<MissingTransportException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingTransportException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
