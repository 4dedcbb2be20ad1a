package io.comfyless.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.job.JobMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostBreakdownTest {

    private static final InstancePrice SPOT =
            new InstancePrice("g5.xlarge", "spot", "us-east-1", 0.36, "ec2-spot-price-history", Instant.EPOCH);

    @Test
    void gpuSecondsAtTheHourlyPricePlusStorageAndTransferOfTheOutputs() {
        JobMetrics metrics = new JobMetrics(1.0, 12.0, 10.0, null, null, SPOT);

        CostBreakdown cost =
                CostBreakdown.of(metrics, 1L << 30, CostRates.AWS_LIST).orElseThrow();

        assertThat(cost.gpuCompute()).as("10 s at $0.36 an hour").isEqualTo(0.001);
        assertThat(cost.storage()).as("1 GB for the 30 days outputs are kept").isEqualTo(0.023);
        assertThat(cost.bandwidth()).as("1 GB downloaded once").isEqualTo(0.09);
        assertThat(cost.total()).isEqualTo(0.114);
        assertThat(cost.priceSource()).isEqualTo("ec2-spot-price-history");
        assertThat(cost.currency()).isEqualTo("USD");
    }

    @Test
    void withoutGpuTimeOrAPriceThereIsNoCost() {
        assertThat(CostBreakdown.of(new JobMetrics(1.0, 2.0, null, null, null, SPOT), 0, CostRates.AWS_LIST))
                .isEmpty();
        assertThat(CostBreakdown.of(new JobMetrics(1.0, 2.0, 1.0, null, null, null), 0, CostRates.AWS_LIST))
                .isEmpty();
    }

    @Test
    void memoryIsWrittenInGigabytesWithOneDecimal() {
        assertThat(MemorySize.gigabytes(15_891_378_995L)).isEqualTo("14.8GB");
        assertThat(MemorySize.gigabytes(null)).isNull();
    }
}
