package io.comfyless.core.cost;

import java.time.Instant;

/**
 * What an hour of the runner's instance costs, and where that figure came from. Read once per
 * instance, when its runner starts.
 *
 * @param lifecycle {@code spot} or {@code on-demand}
 * @param source    {@link Source#wire()}: the EC2 spot price history, the Pricing API, a configured
 *                  figure, or the local stand-in
 */
public record InstancePrice(
        String instanceType, String lifecycle, String region, double hourlyUsd, String source, Instant readAt) {

    /** Where a price was read. */
    public enum Source {
        /** EC2 {@code DescribeSpotPriceHistory}: the spot price in the instance's zone when it started. */
        SPOT_PRICE_HISTORY("ec2-spot-price-history"),
        /** The AWS Pricing API's on-demand list price for the region. */
        PRICING_API("aws-pricing-api"),
        /** {@code COMFYLESS_GPU_HOURLY_PRICE}: an operator's own figure. */
        CONFIGURED("configured"),
        /** The local stack: no instance, a stand-in price so that costs can be seen at all. */
        LOCAL("local");

        private final String wire;

        Source(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
