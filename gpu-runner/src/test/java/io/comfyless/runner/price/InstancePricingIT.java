package io.comfyless.runner.price;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.cost.InstancePrice;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The runner's price, read from EC2's spot price history on the AWS emulator. */
class InstancePricingIT {

    private static AwsClients aws;
    private static Ec2Client ec2;

    @BeforeAll
    static void start() {
        LocalResources resources = AwsEmulator.freshResources();
        aws = new AwsClients(RuntimeConfig.from(resources.environment()::get));
        ec2 = aws.build(Ec2Client.builder());
    }

    @AfterAll
    static void stop() {
        ec2.close();
        aws.close();
    }

    @Test
    void aSpotInstanceIsPricedFromTheSpotPriceHistoryOfItsZone() {
        Optional<InstancePrice> price = InstancePricing.read(
                "g5.xlarge",
                "spot",
                Optional.of("us-east-1a"),
                "us-east-1",
                OptionalDouble.empty(),
                ec2,
                Clock.systemUTC());

        assertThat(price).isPresent();
        assertThat(price.get().source()).isEqualTo("ec2-spot-price-history");
        // The emulator answers every type with the same token price; AWS answers the zone's current one.
        assertThat(price.get().hourlyUsd()).isPositive();
        assertThat(price.get().instanceType()).isEqualTo("g5.xlarge");
    }

    @Test
    void anOperatorsFigureWinsAndAnOnDemandInstanceWithoutOneHasNoPrice() {
        assertThat(InstancePricing.read(
                                "g5.xlarge",
                                "spot",
                                Optional.empty(),
                                "us-east-1",
                                OptionalDouble.of(0.5),
                                ec2,
                                Clock.systemUTC())
                        .orElseThrow())
                .extracting(InstancePrice::hourlyUsd, InstancePrice::source)
                .containsExactly(0.5, "configured");
        assertThat(InstancePricing.read(
                        "g5.xlarge",
                        "on-demand",
                        Optional.empty(),
                        "us-east-1",
                        OptionalDouble.empty(),
                        ec2,
                        Clock.systemUTC()))
                .isEmpty();
    }

    @Test
    void theLocalStackIsPricedAtTheStandInMarkedLocal() {
        InstancePrice local = InstancePricing.local(OptionalDouble.empty(), Clock.systemUTC());

        assertThat(local.source()).isEqualTo("local");
        assertThat(local.hourlyUsd()).isEqualTo(InstancePricing.LOCAL_STAND_IN);
    }
}
