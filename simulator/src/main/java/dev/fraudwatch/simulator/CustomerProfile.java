package dev.fraudwatch.simulator;

import java.util.List;

/**
 * One simulated bank customer: exactly the profile fields a {@code bank_transactions} record repeats on every
 * transaction (see shared/CONTRACT.md). Built once per run by {@link CustomerProfiles}; legitimate transactions
 * only ever use these values.
 */
public record CustomerProfile(
    String name,
    String address,
    String email,
    String city,
    String state,
    String country,
    String phoneNumber,
    String accountNumber,
    String ipAddress,
    List<String> loginDevices,
    List<String> cardTypes,
    List<String> transactionTypes,
    String cardNumber,
    double usualTransactionAmount) {

    public CustomerProfile {
        loginDevices = List.copyOf(loginDevices);
        cardTypes = List.copyOf(cardTypes);
        transactionTypes = List.copyOf(transactionTypes);
    }
}
