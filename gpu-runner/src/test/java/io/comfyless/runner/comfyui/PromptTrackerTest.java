package io.comfyless.runner.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTrackerTest {

    private final List<PromptTracker.Snapshot> snapshots = new ArrayList<>();
    private final PromptTracker tracker = new PromptTracker("p1", 4, Clock.systemUTC(), snapshots::add);

    private void feed(String frame) {
        ComfyEvents.parse(frame).ifPresent(tracker::accept);
    }

    @Test
    void followsTheDocumentedMessageOrderToSuccess() {
        feed("{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":1}},\"sid\":\"w\"}}");
        feed("{\"type\":\"execution_start\",\"data\":{\"prompt_id\":\"p1\",\"timestamp\":1}}");
        feed("{\"type\":\"execution_cached\",\"data\":{\"nodes\":[\"1\"],\"prompt_id\":\"p1\",\"timestamp\":1}}");
        feed("{\"type\":\"executing\",\"data\":{\"node\":\"2\",\"display_node\":\"2\",\"prompt_id\":\"p1\"}}");
        feed("{\"type\":\"progress\",\"data\":{\"value\":5,\"max\":10,\"prompt_id\":\"p1\",\"node\":\"2\"}}");
        feed("{\"type\":\"executed\",\"data\":{\"node\":\"2\",\"output\":{},\"prompt_id\":\"p1\"}}");
        feed("{\"type\":\"some_custom_node_event\",\"data\":{\"prompt_id\":\"p1\"}}");
        feed("{\"type\":\"execution_success\",\"data\":{\"prompt_id\":\"p1\",\"timestamp\":2}}");

        assertThat(tracker.started()).isDone();
        assertThat(tracker.outcome()).isNotDone();

        feed("{\"type\":\"executing\",\"data\":{\"node\":null,\"prompt_id\":\"p1\"}}");

        assertThat(tracker.outcome()).isCompletedWithValue(new PromptOutcome.Succeeded());
        assertThat(snapshots).extracting(PromptTracker.Snapshot::percentage).contains(25.0, 37.5, 50.0);
        assertThat(snapshots.get(snapshots.size() - 1).doneNodes()).isEqualTo(2);
    }

    @Test
    void anErrorEndsWithTheNodeThatFailed() {
        feed("{\"type\":\"executing\",\"data\":{\"node\":\"3\",\"prompt_id\":\"p1\"}}");
        feed(
                "{\"type\":\"execution_error\",\"data\":{\"prompt_id\":\"p1\",\"node_id\":\"3\",\"node_type\":\"KSampler\","
                        + "\"exception_message\":\"CUDA out of memory\",\"exception_type\":\"torch.OutOfMemoryError\",\"traceback\":[]}}");
        feed("{\"type\":\"executing\",\"data\":{\"node\":null,\"prompt_id\":\"p1\"}}");

        assertThat(tracker.outcome())
                .isCompletedWithValue(
                        new PromptOutcome.Failed("3", "KSampler", "torch.OutOfMemoryError", "CUDA out of memory"));
    }

    @Test
    void anInterruptionEndsInterrupted() {
        feed(
                "{\"type\":\"execution_interrupted\",\"data\":{\"prompt_id\":\"p1\",\"node_id\":\"2\",\"node_type\":\"ImageBlur\",\"executed\":[]}}");
        feed("{\"type\":\"executing\",\"data\":{\"node\":null,\"prompt_id\":\"p1\"}}");

        assertThat(tracker.outcome()).isCompletedWithValue(new PromptOutcome.Interrupted("2", "ImageBlur"));
    }

    @Test
    void ignoresFramesThatAreNotJson() {
        assertThat(ComfyEvents.parse("not json")).isEmpty();
    }
}
