package io.comfyless.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

// Annotations.find* returns cxapi.SynthesisMessage, deprecated with no Java replacement yet.
@SuppressWarnings("deprecation")
class NagTest {

    @Test
    void theStackHasNoUnsuppressedAwsSolutionsErrors() {
        var errors =
                SynthesizedStack.withDefaults().annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors)
                .extracting(
                        message -> message.getId() + " " + message.getEntry().getData())
                .isEmpty();
    }

    @Test
    void theStackHasNoUnsuppressedAwsSolutionsWarnings() {
        var warnings = SynthesizedStack.withDefaults()
                .annotations()
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings)
                .extracting(
                        message -> message.getId() + " " + message.getEntry().getData())
                .isEmpty();
    }

    @Test
    void buildingTheRunnerImageFromTheRepositoryIsAlsoClean() {
        var findings = SynthesizedStack.withBuiltRunnerImage()
                .annotations()
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(findings)
                .extracting(
                        message -> message.getId() + " " + message.getEntry().getData())
                .isEmpty();
    }
}
