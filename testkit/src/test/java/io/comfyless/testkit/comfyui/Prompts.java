package io.comfyless.testkit.comfyui;

/** API-format prompts used across the tests. */
final class Prompts {

    private Prompts() {}

    /** COMFYUI_PROTOCOL.md §7: a red 64x32 image, inverted, saved under {@code prefix}. */
    static String invertAndSave(String prefix) {
        return invertAndSave(16711680, prefix);
    }

    static String invertAndSave(int color, String prefix) {
        return """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 32, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "%s"}}}
                """.formatted(color, prefix);
    }

    /** A blur heavy enough (2-D kernel of 63x63 over 256x256) to be interrupted between its progress steps. */
    static String slowBlurAndSave(String prefix) {
        return """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 256, "height": 256, "batch_size": 2, "color": 255}},
                 "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 1.0}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "%s"}}}
                """.formatted(prefix);
    }
}
