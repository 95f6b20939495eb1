package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.AccountHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** New device / IP / country, account takeover and impossible travel. */
class PlaceRulesTest {

    private static final List<String> PROFILE = List.of("Laptop (Web Browser)", "Smartphone (Mobile Banking App)");

    @Test
    void deviceIsNewWhenNeitherInProfileNorSeen() {
        assertThat(NewDeviceRule.isNew("ATM (Card and PIN or Mobile App Login)", PROFILE, new String[0])).isTrue();
        assertThat(NewDeviceRule.isNew("Laptop (Web Browser)", PROFILE, new String[0])).isFalse();
        assertThat(NewDeviceRule.isNew("Smart TV", PROFILE, new String[] {"Smart TV"})).isFalse();
    }

    @Test
    void ipAndCountryAreNotNewWithoutHistory() {
        assertThat(NewIpRule.isNew("10.0.0.9", new String[0])).isFalse();
        assertThat(NewIpRule.isNew("10.0.0.9", new String[] {"10.0.0.1"})).isTrue();
        assertThat(NewIpRule.isNew("10.0.0.1", new String[] {"10.0.0.1"})).isFalse();
        assertThat(NewCountryRule.isNew("Peru", new String[0])).isFalse();
        assertThat(NewCountryRule.isNew("Peru", new String[] {"Chile"})).isTrue();
    }

    @Test
    void takeoverNeedsAllThree() {
        assertThat(AccountTakeoverRule.fires(true, true, true)).isTrue();
        assertThat(AccountTakeoverRule.fires(true, true, false)).isFalse();
    }

    @Test
    void takeoverEvidenceFromTransactionAgainstHistory() {
        AccountHistory h = history("10.0.0.1", "Chile");
        Transaction t = TransactionBuilder.transaction().loginDevices(PROFILE).device("Smart TV")
            .ipAddress("203.0.113.7").country("Peru").build();
        assertThat(new AccountTakeoverRule().evaluate(t, t.eventTimeMillis(), h, new AccountTakeoverRule().defaults()))
            .containsEntry("device", "Smart TV").containsEntry("ip", "203.0.113.7").containsEntry("country", "Peru");
        Transaction home = TransactionBuilder.from(t).country("Chile").build();
        assertThat(new AccountTakeoverRule().evaluate(home, home.eventTimeMillis(), h,
            new AccountTakeoverRule().defaults())).isNull();
    }

    @Test
    void impossibleTravelIsAnotherCountryWithinTheWindow() {
        assertThat(ImpossibleTravelRule.fires("Chile", 0, "Peru", 60_000, 3_600_000)).isTrue();
        assertThat(ImpossibleTravelRule.fires("Chile", 0, "Peru", 3_600_000, 3_600_000)).isFalse();
        assertThat(ImpossibleTravelRule.fires("Chile", 0, "Chile", 60_000, 3_600_000)).isFalse();
        assertThat(ImpossibleTravelRule.fires(null, 0, "Chile", 60_000, 3_600_000)).isFalse();
    }

    @Test
    void upstreamFlagIsAnythingButNoFraud() {
        assertThat(UpstreamFlagRule.fires("Different Country: Peru")).isTrue();
        assertThat(UpstreamFlagRule.fires(Transaction.NO_FRAUD)).isFalse();
        assertThat(UpstreamFlagRule.fires(null)).isFalse();
    }

    private static AccountHistory history(String ip, String country) {
        AccountHistory h = new AccountHistory();
        h.transactions = 1;
        h.ips = new String[] {ip};
        h.countries = new String[] {country};
        h.lastCountry = country;
        return h;
    }
}
