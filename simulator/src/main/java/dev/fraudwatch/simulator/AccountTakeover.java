package dev.fraudwatch.simulator;

import dev.fraudwatch.core.model.Transaction;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Someone else uses the account: at once a login device the customer never used, a new IP address and a
 * country other than the profile's. No upstream flag: only behaviour gives it away. The amount stays in the
 * customer's usual range so the event does not also look like an amount spike.
 */
public final class AccountTakeover implements Scenario {

    @Override
    public String name() {
        return Scenarios.ACCOUNT_TAKEOVER;
    }

    @Override
    public List<Step> plan(CustomerProfile p, SplittableRandom r) {
        String device = Step.anyExcept(Catalog.LOGIN_DEVICES, p.loginDevices(), r);
        String ip = Step.otherIp(p.ipAddress(), r);
        String country = Step.anyExcept(Catalog.FOREIGN_COUNTRIES, List.of(p.country()), r);
        return List.of(new Step(device, Step.any(p.cardTypes(), r), Step.any(p.transactionTypes(), r), ip, country,
            Step.usualAmount(p, r), Transaction.NO_FRAUD));
    }

    @Override
    public double expectedLength() {
        return 1;
    }
}
