package dev.fraudwatch.simulator;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerProfilesTest {

    private static final List<CustomerProfile> PROFILES = Samples.profiles(Samples.config(1));

    @Test
    void catalogHoldsTheOriginalListSizesWithTheContractsNamedEntries() {
        assertThat(Catalog.LOGIN_DEVICES).hasSize(16).doesNotHaveDuplicates()
            .contains("Smartphone (Mobile Banking App)", "Laptop (Web Browser)",
                "ATM (Card and PIN or Mobile App Login)");
        assertThat(Catalog.CARD_TYPES).hasSize(13).doesNotHaveDuplicates()
            .contains("Visa", "MasterCard", "American Express");
        assertThat(Catalog.TRANSACTION_TYPES).hasSize(21).doesNotHaveDuplicates()
            .contains("Purchase", "Refund", "Wire Transfer");
    }

    @Test
    void everyProfileHasTheContractsFieldsInTheirFormats() {
        assertThat(PROFILES).hasSize(1000);
        for (CustomerProfile p : PROFILES) {
            assertThat(p.accountNumber()).matches("ACC\\d{10}");
            assertThat(p.ipAddress()).matches("\\d{1,3}(\\.\\d{1,3}){3}");
            assertThat(p.email()).matches("[^@\\s]+@[^@\\s]+\\.[a-z]+");
            assertThat(p.cardNumber()).matches("\\d{12,19}");
            assertThat(List.of(p.name(), p.address(), p.city(), p.state(), p.country(), p.phoneNumber()))
                .allSatisfy(v -> assertThat(v).isNotBlank());
            assertThat(p.loginDevices()).hasSize(5).doesNotHaveDuplicates().isSubsetOf(Catalog.LOGIN_DEVICES);
            assertThat(p.cardTypes()).hasSize(3).doesNotHaveDuplicates().isSubsetOf(Catalog.CARD_TYPES);
            assertThat(p.transactionTypes()).hasSize(5).doesNotHaveDuplicates()
                .isSubsetOf(Catalog.TRANSACTION_TYPES);
            assertThat(p.usualTransactionAmount()).isBetween(100.0, 5000.0);
            assertThat(Math.abs(p.usualTransactionAmount() * 100 - Math.round(p.usualTransactionAmount() * 100)))
                .isLessThan(1e-6);
        }
    }

    @Test
    void accountNumbersAreUniqueAndDrawsVary() {
        Set<String> accounts = new HashSet<>();
        PROFILES.forEach(p -> accounts.add(p.accountNumber()));
        assertThat(accounts).hasSize(PROFILES.size());
        // All 16 device kinds and all 21 transaction types are in use across 1000 customers.
        assertThat(PROFILES.stream().flatMap(p -> p.loginDevices().stream()).distinct()).hasSize(16);
        assertThat(PROFILES.stream().flatMap(p -> p.transactionTypes().stream()).distinct()).hasSize(21);
        assertThat(PROFILES.stream().map(CustomerProfile::name).distinct().count()).isGreaterThan(900);
    }

    @Test
    void sameSeedGivesSameCustomersAndOtherSeedOthers() {
        // Profiles are made one after the other from one Random: the first 200 of 1000 are the 200 of a new run.
        assertThat(CustomerProfiles.generate(200, 1)).isEqualTo(PROFILES.subList(0, 200));
        List<CustomerProfile> other = CustomerProfiles.generate(200, 2);
        assertThat(other.get(0)).isNotEqualTo(PROFILES.get(0));
        assertThat(other.stream().map(CustomerProfile::accountNumber).filter(a -> PROFILES.stream()
            .anyMatch(p -> p.accountNumber().equals(a)))).isEmpty();
    }
}
