package io.ipsync.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Which deliveries a child consumer treats specially, written {@code ID[@ATTEMPT],...}: {@code 7}
 * selects every attempt of job 7, {@code 7@2} only its second attempt. Empty selects nothing.
 */
final class JobSelector {

    private record Rule(int id, int attempt) {

        boolean matches(int jobId, int deliveryAttempt) {
            return id == jobId && (attempt == 0 || attempt == deliveryAttempt);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    JobSelector(String spec) {
        if (spec.isBlank()) {
            return;
        }
        for (String part : spec.split(",")) {
            String[] idAndAttempt = part.trim().split("@");
            int attempt = idAndAttempt.length > 1 ? Integer.parseInt(idAndAttempt[1]) : 0;
            rules.add(new Rule(Integer.parseInt(idAndAttempt[0]), attempt));
        }
    }

    boolean selects(int jobId, int attempt) {
        return rules.stream().anyMatch(rule -> rule.matches(jobId, attempt));
    }
}
