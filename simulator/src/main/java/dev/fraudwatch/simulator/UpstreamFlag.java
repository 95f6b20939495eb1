package dev.fraudwatch.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The original producer's random {@code Fraud Flags} signals other than the amount: {@code Different Country},
 * {@code Different IP Address}, {@code Different Login Device}, {@code Different Transaction Type}. The record
 * agrees with its flag (the named country, IP, device or type is the one used), and only that one value differs
 * from the profile; the amount is usual.
 */
public final class UpstreamFlag implements Scenario {

    public static final String COUNTRY = "Different Country: ";
    public static final String IP = "Different IP Address: ";
    public static final String DEVICE = "Different Login Device: ";
    public static final String TYPE = "Different Transaction Type: ";

    @Override
    public String name() {
        return Scenarios.UPSTREAM_FLAG;
    }

    @Override
    public List<Step> plan(CustomerProfile p, SplittableRandom r) {
        Step s = Step.legitimate(p, r);
        return List.of(switch (r.nextInt(4)) {
            case 0 -> {
                String c = Step.anyExcept(Catalog.FOREIGN_COUNTRIES, List.of(p.country()), r);
                yield new Step(s.device(), s.cardType(), s.transactionType(), s.ipAddress(), c, s.amount(), COUNTRY + c);
            }
            case 1 -> {
                String ip = Step.otherIp(p.ipAddress(), r);
                yield new Step(s.device(), s.cardType(), s.transactionType(), ip, s.country(), s.amount(), IP + ip);
            }
            case 2 -> {
                String d = Step.anyExcept(Catalog.LOGIN_DEVICES, p.loginDevices(), r);
                yield new Step(d, s.cardType(), s.transactionType(), s.ipAddress(), s.country(), s.amount(), DEVICE + d);
            }
            default -> {
                String t = Step.anyExcept(Catalog.TRANSACTION_TYPES, p.transactionTypes(), r);
                yield new Step(s.device(), s.cardType(), t, s.ipAddress(), s.country(), s.amount(), TYPE + t);
            }
        });
    }

    @Override
    public double expectedLength() {
        return 1;
    }
}
