package io.comfyless.core.cost;

import io.comfyless.core.job.JobMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What one execution cost, in US dollars: the GPU seconds at the instance's hourly price, plus
 * storage and transfer estimates for its outputs ({@link CostRates}).
 *
 * @param gpuCompute GPU seconds × hourly price / 3600
 * @param storage    output bytes kept for the outputs' retention
 * @param bandwidth  output bytes downloaded once
 */
public record CostBreakdown(
        double gpuCompute,
        double storage,
        double bandwidth,
        double total,
        String currency,
        double hourlyPrice,
        String priceSource,
        String instanceType,
        String lifecycle) {

    private static final double GB = 1024.0 * 1024 * 1024;

    /** Empty when the run's GPU time or its instance's price is unknown. */
    public static Optional<CostBreakdown> of(JobMetrics metrics, long outputBytes, CostRates rates) {
        if (metrics.gpuSeconds() == null || metrics.price() == null) {
            return Optional.empty();
        }
        InstancePrice price = metrics.price();
        double gpu = metrics.gpuSeconds() * price.hourlyUsd() / 3600.0;
        double storage = outputBytes / GB * rates.storagePerGbMonth() * rates.retentionMonths();
        double bandwidth = outputBytes / GB * rates.transferPerGb();
        return Optional.of(new CostBreakdown(
                dollars(gpu),
                dollars(storage),
                dollars(bandwidth),
                dollars(gpu + storage + bandwidth),
                "USD",
                price.hourlyUsd(),
                price.source(),
                price.instanceType(),
                price.lifecycle()));
    }

    /** To a millionth of a cent: the figures are estimates, and short decimals read and sign well. */
    static double dollars(double amount) {
        return BigDecimal.valueOf(amount).setScale(8, RoundingMode.HALF_UP).doubleValue();
    }
}
