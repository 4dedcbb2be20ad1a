package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * {@code ImageBlur}: the same 2-D gaussian convolution with reflect padding that ComfyUI runs through
 * {@code F.conv2d}, so it costs O(radius²) per pixel. Like ComfyUI's, it sends no {@code progress} and no previews, and
 * an interrupt only takes effect once it has finished, at the next node.
 */
final class ImageBlurNode extends FixedSchemaNode {

    ImageBlurNode() {
        super(NodeSchema.imageFilter("ImageBlur")
                .displayName("Image Blur")
                .category("image/postprocessing")
                .pythonModule("comfy_extras.nodes_post_processing")
                .input(InputSpec.integer("blur_radius", 1, 1, 31, 1L))
                .input(InputSpec.floating("sigma", 1.0, 0.1, 10.0, 0.1))
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        List<BufferedImage> images = context.images("image");
        int radius = (int) context.integer("blur_radius");
        float[][] kernel = kernel(2 * radius + 1, context.number("sigma"));
        BufferedImage first = images.get(0);
        if (radius >= first.getWidth() || radius >= first.getHeight()) {
            throw new PythonError(
                    "RuntimeError",
                    "Argument #4: Padding size should be less than the corresponding input"
                            + " dimension, but got: padding (" + radius + ", " + radius + ") at dimension 3 of input ["
                            + images.size()
                            + ", 3, " + first.getHeight() + ", " + first.getWidth() + "]");
        }
        return NodeOutput.each(images, image -> blur(image, kernel, radius));
    }

    private static BufferedImage blur(BufferedImage image, float[][] kernel, int radius) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[][] source = Images.channels(image);
        float[][] target = new float[3][width * height];
        int[] rows = reflected(height, radius);
        int[] columns = reflected(width, radius);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                convolve(source, target, kernel, rows, columns, x, y, width);
            }
        }
        return Images.fromChannels(target, width, height);
    }

    private static void convolve(
            float[][] source, float[][] target, float[][] kernel, int[] rows, int[] columns, int x, int y, int width) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int a = 0; a < kernel.length; a++) {
            int rowOffset = rows[y + a] * width;
            float[] weights = kernel[a];
            for (int c = 0; c < weights.length; c++) {
                int i = rowOffset + columns[x + c];
                float w = weights[c];
                r += w * source[0][i];
                g += w * source[1][i];
                b += w * source[2][i];
            }
        }
        int o = y * width + x;
        target[0][o] = r;
        target[1][o] = g;
        target[2][o] = b;
    }

    /** Source index for each padded position, reflecting at the edges like {@code F.pad(..., 'reflect')}. */
    private static int[] reflected(int size, int radius) {
        int[] index = new int[size + 2 * radius];
        for (int p = 0; p < index.length; p++) {
            int i = Math.abs(p - radius);
            index[p] = i >= size ? 2 * (size - 1) - i : i;
        }
        return index;
    }

    /** ComfyUI's {@code gaussian_kernel}: a grid over [-1, 1]², so sigma is relative to the radius. */
    private static float[][] kernel(int size, double sigma) {
        float[][] kernel = new float[size][size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double x = size == 1 ? 0 : -1 + 2.0 * i / (size - 1);
                double y = size == 1 ? 0 : -1 + 2.0 * j / (size - 1);
                double g = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
                kernel[i][j] = (float) g;
                sum += g;
            }
        }
        for (float[] row : kernel) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= (float) sum;
            }
        }
        return kernel;
    }
}
