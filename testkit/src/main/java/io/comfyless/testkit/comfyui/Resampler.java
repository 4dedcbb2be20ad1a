package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/**
 * Separable resampling for ImageScale and ImageScaleBy, close to what ComfyUI gets from
 * {@code F.interpolate} (nearest-exact, bilinear, bicubic, area) and PIL (lanczos). Approximate, not bit-exact.
 */
final class Resampler {

    /** For one output index along an axis: the first source index and the weights of consecutive sources. */
    private record Taps(int first, float[] weights) {}

    private Resampler() {}

    static BufferedImage resize(BufferedImage image, String method, int width, int height) {
        int inWidth = image.getWidth();
        int inHeight = image.getHeight();
        Taps[] columns = taps(inWidth, width, method);
        Taps[] rows = taps(inHeight, height, method);
        float[][] planes = Images.channels(image);
        float[][] result = new float[3][width * height];
        for (int c = 0; c < 3; c++) {
            float[] across = new float[width * inHeight];
            for (int y = 0; y < inHeight; y++) {
                for (int x = 0; x < width; x++) {
                    across[y * width + x] = apply(columns[x], planes[c], y * inWidth, 1);
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    result[c][y * width + x] = apply(rows[y], across, x, width);
                }
            }
        }
        return Images.fromChannels(result, width, height);
    }

    private static float apply(Taps taps, float[] source, int offset, int stride) {
        float sum = 0;
        for (int k = 0; k < taps.weights().length; k++) {
            sum += taps.weights()[k] * source[offset + (taps.first() + k) * stride];
        }
        return sum;
    }

    private static Taps[] taps(int in, int out, String method) {
        double scale = (double) in / out;
        Taps[] taps = new Taps[out];
        for (int i = 0; i < out; i++) {
            taps[i] = switch (method) {
                case "nearest-exact" ->
                    new Taps(Math.min((int) Math.floor((i + 0.5) * scale), in - 1), new float[] {1});
                case "bilinear" -> bilinear(i, in, scale);
                case "bicubic" -> kernel(in, (i + 0.5) * scale - 0.5, 2, 1, Resampler::cubic);
                case "area" -> area(i, in, out);
                case "lanczos" ->
                    kernel(
                            in,
                            (i + 0.5) * scale - 0.5,
                            3 * Math.max(scale, 1),
                            Math.max(scale, 1),
                            Resampler::lanczos3);
                default -> throw new PythonError("ValueError", "Unknown upscale method " + method);
            };
        }
        return taps;
    }

    private static Taps bilinear(int i, int in, double scale) {
        double x = Math.max(0, (i + 0.5) * scale - 0.5);
        int x0 = Math.min((int) Math.floor(x), in - 1);
        int x1 = Math.min(x0 + 1, in - 1);
        float right = (float) (x - x0);
        return x1 == x0 ? new Taps(x0, new float[] {1}) : new Taps(x0, new float[] {1 - right, right});
    }

    private static Taps area(int i, int in, int out) {
        int start = (int) Math.floor((double) i * in / out);
        int end = (int) Math.ceil((double) (i + 1) * in / out);
        float[] weights = new float[Math.max(1, end - start)];
        java.util.Arrays.fill(weights, 1f / weights.length);
        return new Taps(start, weights);
    }

    /** A normalised kernel around {@code center}, with edge taps clamped into the image. */
    private static Taps kernel(
            int in, double center, double support, double stretch, java.util.function.DoubleUnaryOperator shape) {
        int first = (int) Math.floor(center - support) + 1;
        int last = (int) Math.floor(center + support);
        int lo = Math.max(0, Math.min(first, in - 1));
        int hi = Math.max(0, Math.min(last, in - 1));
        float[] weights = new float[hi - lo + 1];
        double total = 0;
        for (int j = first; j <= last; j++) {
            double w = shape.applyAsDouble((j - center) / stretch);
            weights[Math.max(lo, Math.min(j, hi)) - lo] += (float) w;
            total += w;
        }
        if (total != 0) {
            for (int k = 0; k < weights.length; k++) {
                weights[k] /= (float) total;
            }
        }
        return new Taps(lo, weights);
    }

    /** Keys' cubic convolution with a = -0.75, as PyTorch's bicubic uses. */
    private static double cubic(double x) {
        double a = -0.75;
        double t = Math.abs(x);
        if (t <= 1) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        }
        return 0;
    }

    private static double lanczos3(double x) {
        if (x == 0) {
            return 1;
        }
        if (Math.abs(x) >= 3) {
            return 0;
        }
        double px = Math.PI * x;
        return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
    }
}
