package dev.fraudwatch.simulator;

import java.util.List;

/**
 * The value lists the original producer drew customer profiles from: 16 kinds of login device, 13 card types and
 * 21 transaction types (a profile holds 5, 3 and 5 of them). The contract names a few of each; the rest complete
 * the lists plausibly. Order matters for determinism: the same seed picks the same entries.
 */
public final class Catalog {

    public static final List<String> LOGIN_DEVICES = List.of(
        "Smartphone (Mobile Banking App)",
        "Laptop (Web Browser)",
        "ATM (Card and PIN or Mobile App Login)",
        "Desktop (Web Browser)",
        "Tablet (Mobile Banking App)",
        "Smartwatch (Contactless Payment)",
        "POS Terminal (Card Swipe)",
        "POS Terminal (Chip and PIN)",
        "Contactless Card (NFC Tap)",
        "Smartphone (Mobile Web Browser)",
        "Tablet (Web Browser)",
        "Smart TV (Banking App)",
        "Voice Assistant (Smart Speaker)",
        "Telephone Banking (IVR)",
        "Bank Branch (Teller)",
        "Kiosk (Self-Service Terminal)");

    public static final List<String> CARD_TYPES = List.of(
        "Visa", "MasterCard", "American Express", "Discover", "Diners Club", "JCB", "UnionPay", "Maestro", "RuPay",
        "Visa Electron", "Mir", "Elo", "Interac");

    public static final List<String> TRANSACTION_TYPES = List.of(
        "Purchase", "Refund", "Wire Transfer", "Bill Payment", "ATM Withdrawal", "Cash Deposit", "Online Purchase",
        "Peer-to-Peer Transfer", "Direct Debit", "Standing Order", "Loan Payment", "Mortgage Payment",
        "Credit Card Payment", "Subscription Payment", "Currency Exchange", "Investment Purchase",
        "Insurance Premium", "Tax Payment", "Payroll Deposit", "Balance Transfer", "Charity Donation");

    /** Countries an account takeover or a "Different Country" signal comes from (never the profile's own). */
    public static final List<String> FOREIGN_COUNTRIES = List.of(
        "Russian Federation", "Nigeria", "Brazil", "China", "India", "Romania", "Ukraine", "Vietnam", "Indonesia",
        "Philippines", "Turkey", "Mexico", "Colombia", "Pakistan", "Ghana", "Kenya", "Belarus", "Bulgaria",
        "Malaysia", "Thailand", "Argentina", "Egypt", "Morocco", "Serbia");

    public static final int DEVICES_PER_PROFILE = 5;
    public static final int CARD_TYPES_PER_PROFILE = 3;
    public static final int TRANSACTION_TYPES_PER_PROFILE = 5;

    private Catalog() {
    }
}
