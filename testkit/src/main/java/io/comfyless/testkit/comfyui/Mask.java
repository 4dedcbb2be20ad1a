package io.comfyless.testkit.comfyui;

/** One mask of a MASK batch: values in [0, 1], row-major, as ComfyUI's {@code [H, W]} float tensor. */
record Mask(int width, int height, float[] values) {

    Mask {
        if (values.length != width * height) {
            throw new IllegalArgumentException("mask needs " + width * height + " values, got " + values.length);
        }
    }

    static Mask filled(int width, int height, float value) {
        float[] values = new float[width * height];
        java.util.Arrays.fill(values, value);
        return new Mask(width, height, values);
    }

    float at(int x, int y) {
        return values[y * width + x];
    }
}
