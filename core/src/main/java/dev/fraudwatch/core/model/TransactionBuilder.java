package dev.fraudwatch.core.model;

import java.util.List;

/**
 * Builds {@link Transaction}s field by field. Starts from a complete, valid, legitimate transaction so a test
 * only states the fields it cares about.
 */
public final class TransactionBuilder {
    private String name = "Jane Doe";
    private String address = "1 Main Street";
    private String email = "jane.doe@example.com";
    private String city = "Springfield";
    private String state = "Illinois";
    private String country = "United States";
    private String phoneNumber = "555-0100";
    private String accountNumber = "ACC0000000001";
    private String ipAddress = "10.0.0.1";
    private List<String> loginDevices = List.of("Smartphone (Mobile Banking App)", "Laptop (Web Browser)",
        "Tablet (Mobile Banking App)", "Desktop (Web Browser)", "Smartwatch (Contactless Payment)");
    private List<String> cardTypes = List.of("Visa", "MasterCard", "American Express");
    private List<String> transactionTypes = List.of("Purchase", "Refund", "Wire Transfer", "Bill Payment",
        "ATM Withdrawal");
    private String cardNumber = "4111111111111111";
    private double usualTransactionAmount = 1000.0;
    private String transactionId = "TRN00000000001";
    private String transactionTime = "2025-03-01 12:00:00.000000";
    private String currentLoginDevice = "Smartphone (Mobile Banking App)";
    private String currentCardType = "Visa";
    private String currentTransactionType = "Purchase";
    private double currentTransactionAmount = 1000.0;
    private String fraudFlags = Transaction.NO_FRAUD;

    public static TransactionBuilder transaction() {
        return new TransactionBuilder();
    }

    public static TransactionBuilder from(Transaction t) {
        TransactionBuilder b = new TransactionBuilder();
        b.name = t.name();
        b.address = t.address();
        b.email = t.email();
        b.city = t.city();
        b.state = t.state();
        b.country = t.country();
        b.phoneNumber = t.phoneNumber();
        b.accountNumber = t.accountNumber();
        b.ipAddress = t.ipAddress();
        b.loginDevices = t.loginDevices();
        b.cardTypes = t.cardTypes();
        b.transactionTypes = t.transactionTypes();
        b.cardNumber = t.cardNumber();
        b.usualTransactionAmount = t.usualTransactionAmount();
        b.transactionId = t.transactionId();
        b.transactionTime = t.transactionTime();
        b.currentLoginDevice = t.currentLoginDevice();
        b.currentCardType = t.currentCardType();
        b.currentTransactionType = t.currentTransactionType();
        b.currentTransactionAmount = t.currentTransactionAmount();
        b.fraudFlags = t.fraudFlags();
        return b;
    }

    public TransactionBuilder name(String v) { name = v; return this; }
    public TransactionBuilder address(String v) { address = v; return this; }
    public TransactionBuilder email(String v) { email = v; return this; }
    public TransactionBuilder city(String v) { city = v; return this; }
    public TransactionBuilder state(String v) { state = v; return this; }
    public TransactionBuilder country(String v) { country = v; return this; }
    public TransactionBuilder phoneNumber(String v) { phoneNumber = v; return this; }
    public TransactionBuilder accountNumber(String v) { accountNumber = v; return this; }
    public TransactionBuilder ipAddress(String v) { ipAddress = v; return this; }
    public TransactionBuilder loginDevices(List<String> v) { loginDevices = v; return this; }
    public TransactionBuilder cardTypes(List<String> v) { cardTypes = v; return this; }
    public TransactionBuilder transactionTypes(List<String> v) { transactionTypes = v; return this; }
    public TransactionBuilder cardNumber(String v) { cardNumber = v; return this; }
    public TransactionBuilder usualAmount(double v) { usualTransactionAmount = v; return this; }
    public TransactionBuilder transactionId(String v) { transactionId = v; return this; }
    public TransactionBuilder time(String v) { transactionTime = v; return this; }
    public TransactionBuilder device(String v) { currentLoginDevice = v; return this; }
    public TransactionBuilder cardType(String v) { currentCardType = v; return this; }
    public TransactionBuilder transactionType(String v) { currentTransactionType = v; return this; }
    public TransactionBuilder amount(double v) { currentTransactionAmount = v; return this; }
    public TransactionBuilder fraudFlags(String v) { fraudFlags = v; return this; }

    public Transaction build() {
        return new Transaction(name, address, email, city, state, country, phoneNumber, accountNumber, ipAddress,
            loginDevices, cardTypes, transactionTypes, cardNumber, usualTransactionAmount, transactionId,
            transactionTime, currentLoginDevice, currentCardType, currentTransactionType, currentTransactionAmount,
            fraudFlags);
    }
}
