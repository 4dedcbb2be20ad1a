package io.comfyless.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Stack;

class ComfyLessAppTest {

    @Test
    void reportsErrorAnnotationsSoTheAppCanFailTheSynth() {
        App app = new App();
        Stack stack = new Stack(app, "Broken");
        new CfnWaitConditionHandle(stack, "Placeholder");
        Annotations.of(stack).addError("AwsSolutions-XYZ: something is wrong");
        Annotations.of(stack).addWarning("only a warning");

        assertThat(ComfyLessApp.errors(app.synth())).singleElement().asString().contains("AwsSolutions-XYZ");
    }

    @Test
    void reportsNothingForACleanStack() {
        App app = new App();
        new CfnWaitConditionHandle(new Stack(app, "Clean"), "Placeholder");

        assertThat(ComfyLessApp.errors(app.synth())).isEmpty();
    }
}
