package dev.fraudwatch.alerts;

import dev.fraudwatch.alerts.AlertsConfig.GroupBy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static dev.fraudwatch.alerts.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

class AlertGrouperTest {

    private static final Instant T0 = Instant.parse("2026-11-24T18:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private static PendingAlert pending(String account, Instant since) {
        return new PendingAlert(txn(account, 20_000, "Amount"), since,
            List.of(new PendingAlert.Source(new TopicPartition("t", 0), 1)));
    }

    @Test
    void noneMailsEveryAlertAtOnce() {
        AlertGrouper g = new AlertGrouper(GroupBy.NONE, WINDOW, 50);
        List<PendingAlert> p = List.of(pending(account(1), T0), pending(account(1), T0));
        assertThat(g.due(p, T0, false)).hasSize(2).allSatisfy(m -> assertThat(m).hasSize(1));
    }

    @Test
    void accountGroupsWaitForTheWindowThenMailOncePerAccount() {
        AlertGrouper g = new AlertGrouper(GroupBy.ACCOUNT, WINDOW, 50);
        List<PendingAlert> p = List.of(pending(account(1), T0), pending(account(2), T0.plusSeconds(5)),
            pending(account(1), T0.plusSeconds(6)));
        assertThat(g.due(p, T0.plusSeconds(9), false)).isEmpty();
        List<List<PendingAlert>> due = g.due(p, T0.plusSeconds(10), false);
        assertThat(due).hasSize(1);
        assertThat(due.get(0)).extracting(a -> a.transaction().accountNumber()).containsExactly(account(1), account(1));
        assertThat(g.due(p, T0.plusSeconds(15), false)).hasSize(2);
        assertThat(g.nextDue(p)).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void intervalMailsEverythingOfTheWindowTogetherAndSplitsAtTheMaximum() {
        AlertGrouper g = new AlertGrouper(GroupBy.INTERVAL, WINDOW, 2);
        List<PendingAlert> p = List.of(pending(account(1), T0), pending(account(2), T0), pending(account(3), T0));
        List<List<PendingAlert>> due = g.due(p, T0.plusSeconds(10), false);
        assertThat(due).extracting(List::size).containsExactly(2, 1);
    }

    @Test
    void aFullGroupOrShutdownDoesNotWaitForTheWindow() {
        AlertGrouper g = new AlertGrouper(GroupBy.ACCOUNT, WINDOW, 2);
        List<PendingAlert> p = List.of(pending(account(1), T0), pending(account(1), T0), pending(account(2), T0));
        assertThat(g.due(p, T0, false)).hasSize(1);
        assertThat(g.due(p, T0, true)).hasSize(2);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(List.of(b.delayAfter(1), b.delayAfter(2), b.delayAfter(3), b.delayAfter(4), b.delayAfter(40)))
            .extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 500L, 500L);
    }
}
