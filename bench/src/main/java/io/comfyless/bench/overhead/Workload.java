package io.comfyless.bench.overhead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A family of prompts of about the same cost. Every prompt gets a colour no other prompt of the run
 * had, so ComfyUI's cache never serves one from an earlier result.
 *
 * @param name what the table calls it
 * @param side the edge of the square image in pixels
 * @param blurRadius 0 for none: EmptyImage into SaveImage; otherwise an ImageBlur of that radius in between
 */
record Workload(String name, int side, int blurRadius) {

    private static final AtomicInteger COLOURS = new AtomicInteger();

    /** EmptyImage into SaveImage, 256 × 256: 10 to 25 ms inside ComfyUI. */
    static Workload tiny() {
        return new Workload("tiny", 256, 0);
    }

    static Workload blur(int side, int radius) {
        return new Workload("blur " + side + "px r" + radius, side, radius);
    }

    /** The next distinct prompt, in ComfyUI's API format. */
    ObjectNode nextPrompt() {
        int colour = (COLOURS.incrementAndGet() * 40_503) & 0xFFFFFF;
        ObjectNode prompt = Json.object();
        prompt.putObject("1")
                .put("class_type", "EmptyImage")
                .putObject("inputs")
                .put("width", side)
                .put("height", side)
                .put("batch_size", 1)
                .put("color", colour);
        String image = "1";
        if (blurRadius > 0) {
            ObjectNode inputs =
                    prompt.putObject("2").put("class_type", "ImageBlur").putObject("inputs");
            inputs.putArray("image").add("1").add(0);
            inputs.put("blur_radius", blurRadius).put("sigma", 5.0);
            image = "2";
        }
        ObjectNode save = prompt.putObject("9").put("class_type", "SaveImage").putObject("inputs");
        save.putArray("images").add(image).add(0);
        save.put("filename_prefix", "bench");
        return prompt;
    }
}
