package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/**
 * The picture a latent previewer shows at a sampling step: small (ComfyUI's latent-to-RGB preview of a
 * 512-pixel image is 64 pixels a side), and clearer with every step, here a gradient that brightens.
 */
final class SamplerPreview {

    static final int SIZE = 64;

    private SamplerPreview() {}

    static BufferedImage at(int step, int steps) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int level = 255 * step / steps;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int red = level * x / (SIZE - 1);
                int green = level * y / (SIZE - 1);
                image.setRGB(x, y, (red << 16) | (green << 8) | level / 2);
            }
        }
        return image;
    }
}
