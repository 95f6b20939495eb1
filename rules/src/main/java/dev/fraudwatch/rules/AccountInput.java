package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.Transaction;

/**
 * Transactions and analyst commands merged into one stream, so both are keyed by account and reach the same
 * keyed state in the one decision operator. Exactly one of the two fields is set.
 */
public class AccountInput {
    public Transaction transaction;
    public AccountCommand command;

    public AccountInput() {
    }

    public static AccountInput of(Transaction t) {
        AccountInput in = new AccountInput();
        in.transaction = t;
        return in;
    }

    public static AccountInput of(AccountCommand c) {
        AccountInput in = new AccountInput();
        in.command = c;
        return in;
    }

    public String accountNumber() {
        return transaction != null ? transaction.accountNumber() : command.accountNumber();
    }
}
