package io.comfyless.runner.price;

import io.comfyless.core.cost.InstancePrice;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * What an hour of this runner's instance costs, read once when the runner starts: an operator's
 * figure ({@value #HOURLY_PRICE}) when one is set; for a spot instance, the spot price in its zone
 * from EC2's {@code DescribeSpotPriceHistory}; for the local stack, a stand-in. On-demand instances
 * without an operator's figure have no price, and their jobs no cost.
 */
public final class InstancePricing {

    /** An operator's own hourly price in USD, which wins over any other source. */
    public static final String HOURLY_PRICE = "COMFYLESS_GPU_HOURLY_PRICE";
    /**
     * The local stack's stand-in: the us-east-1 on-demand list price of a g5.xlarge (one A10G), so a
     * local job shows a cost of the right order, marked {@code local}.
     */
    public static final double LOCAL_STAND_IN = 1.006;

    static final String LINUX = "Linux/UNIX";
    private static final Logger log = LoggerFactory.getLogger(InstancePricing.class);

    private InstancePricing() {}

    /** The local stack's price: an operator's figure if given, else the stand-in; either way marked local. */
    public static InstancePrice local(OptionalDouble configured, Clock clock) {
        return new InstancePrice(
                "local",
                "local",
                "local",
                configured.orElse(LOCAL_STAND_IN),
                InstancePrice.Source.LOCAL.wire(),
                clock.instant());
    }

    /**
     * A deployed runner's price. A failure to read it is logged and leaves jobs without a cost; it
     * never stops the runner.
     *
     * @param availabilityZone where the instance runs, from the host's facts file; the spot price is per zone
     */
    public static Optional<InstancePrice> read(
            String instanceType,
            String lifecycle,
            Optional<String> availabilityZone,
            String region,
            OptionalDouble configured,
            Ec2Client ec2,
            Clock clock) {
        Instant now = clock.instant();
        if (configured.isPresent()) {
            return Optional.of(new InstancePrice(
                    instanceType,
                    lifecycle,
                    region,
                    configured.getAsDouble(),
                    InstancePrice.Source.CONFIGURED.wire(),
                    now));
        }
        if (!"spot".equals(lifecycle)) {
            log.info("No price for {} {} instances: set {} to price their jobs", lifecycle, instanceType, HOURLY_PRICE);
            return Optional.empty();
        }
        try {
            return spotPrice(ec2, instanceType, availabilityZone, now)
                    .map(price -> new InstancePrice(
                            instanceType,
                            lifecycle,
                            region,
                            price,
                            InstancePrice.Source.SPOT_PRICE_HISTORY.wire(),
                            now));
        } catch (RuntimeException e) {
            log.warn("Cannot read the spot price of {}: {}; jobs get no cost", instanceType, e.toString());
            return Optional.empty();
        }
    }

    /** The most recent spot price of the type (in its zone when known) at {@code now}. */
    static Optional<Double> spotPrice(Ec2Client ec2, String instanceType, Optional<String> zone, Instant now) {
        return ec2
                .describeSpotPriceHistory(request -> {
                    request.instanceTypesWithStrings(instanceType)
                            .productDescriptions(LINUX)
                            .startTime(now)
                            .endTime(now);
                    zone.ifPresent(request::availabilityZone);
                })
                .spotPriceHistory()
                .stream()
                .filter(price -> zone.isEmpty() || zone.get().equals(price.availabilityZone()))
                .max(Comparator.comparing(SpotPrice::timestamp))
                .map(price -> Double.parseDouble(price.spotPrice()));
    }
}
