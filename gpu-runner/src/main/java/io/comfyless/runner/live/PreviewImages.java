package io.comfyless.runner.live;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Keeps previews small: a JPEG or WebP no larger than {@link #MAX_SIDE} pixels is stored as ComfyUI sent
 * it; anything else (a PNG preview, an oversized one) is scaled down and written as JPEG.
 */
final class PreviewImages {

    /** ComfyUI's own default preview size. */
    static final int MAX_SIDE = 512;

    /** A preview ready to store. */
    record Small(byte[] bytes, String contentType, String extension) {}

    private PreviewImages() {}

    /** Empty when the bytes are no image ImageIO can read (and not already a compact format). */
    static Optional<Small> small(byte[] image, String contentType) {
        if ("image/webp".equals(contentType)) {
            return Optional.of(new Small(image, contentType, "webp"));
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        if (decoded == null) {
            return Optional.empty();
        }
        boolean fits = Math.max(decoded.getWidth(), decoded.getHeight()) <= MAX_SIDE;
        if (fits && "image/jpeg".equals(contentType)) {
            return Optional.of(new Small(image, contentType, "jpg"));
        }
        return Optional.of(new Small(jpeg(scaled(decoded)), "image/jpeg", "jpg"));
    }

    private static BufferedImage scaled(BufferedImage image) {
        double factor = Math.min(1.0, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        // JPEG has no alpha: draw onto an RGB canvas.
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return rgb;
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode a preview as JPEG", e);
        }
        return out.toByteArray();
    }
}
