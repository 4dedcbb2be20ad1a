package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pixel plumbing for the nodes. IMAGE values are lists of 8-bit RGB {@link BufferedImage}s (ComfyUI's
 * {@code [B, H, W, 3]} tensor). Arithmetic happens as in ComfyUI, on float32 channels in 0..1, and goes back to bytes
 * the way its SaveImage does ({@code clip(255 * v).astype(uint8)}): truncated, not rounded.
 */
final class Images {

    private Images() {}

    static BufferedImage rgb(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** One colour all over, 0xRRGGBB. */
    static BufferedImage solid(int width, int height, int color) {
        BufferedImage image = rgb(width, height);
        int[] row = new int[width];
        java.util.Arrays.fill(row, color);
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    /** PIL's {@code convert("RGB")}: alpha is dropped, not composited. */
    static BufferedImage toRgb(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        BufferedImage copy = rgb(source.getWidth(), source.getHeight());
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                copy.setRGB(x, y, source.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return copy;
    }

    /** Red, green and blue planes, row-major, float32 values 0..1 ({@code byte / 255}, as ComfyUI loads them). */
    static float[][] channels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[][] planes = new float[3][width * height];
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            planes[0][i] = ((pixels[i] >> 16) & 0xFF) / 255f;
            planes[1][i] = ((pixels[i] >> 8) & 0xFF) / 255f;
            planes[2][i] = (pixels[i] & 0xFF) / 255f;
        }
        return planes;
    }

    static BufferedImage fromChannels(float[][] planes, int width, int height) {
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (toByte(planes[0][i]) << 16) | (toByte(planes[1][i]) << 8) | toByte(planes[2][i]);
        }
        BufferedImage image = rgb(width, height);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }

    /** {@code np.clip(255. * v, 0, 255).astype(np.uint8)} in float32: inverting 0xCC gives 50, not 51. */
    static int toByte(float value) {
        return (int) Math.max(0f, Math.min(255f, 255f * value));
    }

    static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
        BufferedImage copy = rgb(width, height);
        copy.setRGB(0, 0, width, height, image.getRGB(x, y, width, height, null, 0, width), 0, width);
        return copy;
    }

    /**
     * ComfyUI's {@code common_upscale}: with crop "center" the source is first cut to the target aspect ratio, then
     * resampled with the given method.
     */
    static BufferedImage upscale(BufferedImage image, String method, int width, int height, String crop) {
        BufferedImage source = image;
        if ("center".equals(crop)) {
            int oldWidth = image.getWidth();
            int oldHeight = image.getHeight();
            double oldAspect = (double) oldWidth / oldHeight;
            double newAspect = (double) width / height;
            int x = 0;
            int y = 0;
            if (oldAspect > newAspect) {
                x = (int) Math.round((oldWidth - oldWidth * (newAspect / oldAspect)) / 2);
            } else if (oldAspect < newAspect) {
                y = (int) Math.round((oldHeight - oldHeight * (oldAspect / newAspect)) / 2);
            }
            source = crop(image, x, y, oldWidth - 2 * x, oldHeight - 2 * y);
        }
        return Resampler.resize(source, method, width, height);
    }

    /** How {@code current_inputs} shows a tensor in {@code execution_error}; ComfyUI prints {@code str(tensor)}. */
    static String describe(List<?> batch) {
        if (!batch.isEmpty() && batch.get(0) instanceof BufferedImage first) {
            return "tensor of shape [" + batch.size() + ", " + first.getHeight() + ", " + first.getWidth() + ", 3]";
        }
        if (!batch.isEmpty() && batch.get(0) instanceof Mask first) {
            return "tensor of shape [" + batch.size() + ", " + first.height() + ", " + first.width() + "]";
        }
        return "tensor([])";
    }
}
