package dev.fraudwatch.alerts;

import dev.fraudwatch.alerts.AlertsConfig.GroupBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decides which waiting alerts are due and how they are combined into mails. Pure: the clock is a parameter. */
final class AlertGrouper {

    private final GroupBy groupBy;
    private final Duration window;
    private final int max;

    AlertGrouper(GroupBy groupBy, Duration window, int max) {
        this.groupBy = groupBy;
        this.window = window;
        this.max = max;
    }

    /**
     * The mails to send now, each a list of alerts. A group is due when its oldest alert has waited the window,
     * when it is full, or when {@code flushAll} (shutdown).
     */
    List<List<PendingAlert>> due(Collection<PendingAlert> pending, Instant now, boolean flushAll) {
        Map<String, List<PendingAlert>> groups = new LinkedHashMap<>();
        for (PendingAlert p : pending) {
            String key = switch (groupBy) {
                case NONE -> p.transaction().transactionId();
                case ACCOUNT -> "account:" + p.transaction().accountNumber();
                case INTERVAL -> "all";
            };
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<List<PendingAlert>> mails = new ArrayList<>();
        for (List<PendingAlert> g : groups.values()) {
            boolean isDue = flushAll || groupBy == GroupBy.NONE || g.size() >= max
                || !oldest(g).plus(window).isAfter(now);
            if (isDue) {
                for (int i = 0; i < g.size(); i += max) {
                    mails.add(List.copyOf(g.subList(i, Math.min(g.size(), i + max))));
                }
            }
        }
        return mails;
    }

    /** When the next group falls due, for the poll timeout; null when nothing waits. */
    Instant nextDue(Collection<PendingAlert> pending) {
        return pending.stream().map(PendingAlert::since).min(Instant::compareTo).map(t -> t.plus(window)).orElse(null);
    }

    private static Instant oldest(List<PendingAlert> g) {
        return g.stream().map(PendingAlert::since).min(Instant::compareTo).orElseThrow();
    }
}
