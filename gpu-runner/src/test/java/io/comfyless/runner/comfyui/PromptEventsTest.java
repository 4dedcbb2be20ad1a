package io.comfyless.runner.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptEventsTest {

    private final PromptEvents events = new PromptEvents();

    @Test
    void messagesThatArriveBeforeThePromptIsFollowedAreHandedOverInOrder() {
        List<ComfyEvent> seen = new ArrayList<>();
        events.accept(new ComfyEvent.ExecutionStart("p1", 1));
        events.accept(new ComfyEvent.Executing("p1", "1"));

        events.follow("p1", seen::add);
        events.accept(new ComfyEvent.Executing("p1", "2"));

        assertThat(seen)
                .containsExactly(
                        new ComfyEvent.ExecutionStart("p1", 1),
                        new ComfyEvent.Executing("p1", "1"),
                        new ComfyEvent.Executing("p1", "2"));
    }

    @Test
    void onlyTheNewestFewUnfollowedPromptsAreHeld() {
        for (int i = 0; i < PromptEvents.HELD_PROMPTS + 5; i++) {
            events.accept(new ComfyEvent.ExecutionStart("p" + i, i));
        }
        List<ComfyEvent> oldest = new ArrayList<>();
        List<ComfyEvent> newest = new ArrayList<>();

        events.follow("p0", oldest::add);
        events.follow("p" + (PromptEvents.HELD_PROMPTS + 4), newest::add);

        assertThat(oldest).isEmpty();
        assertThat(newest).hasSize(1);
    }

    @Test
    void aForgottenPromptGetsNothingMore() {
        List<ComfyEvent> seen = new ArrayList<>();
        events.follow("p1", seen::add);

        events.forget("p1");
        events.accept(new ComfyEvent.Executing("p1", "1"));

        assertThat(seen).isEmpty();
    }
}
