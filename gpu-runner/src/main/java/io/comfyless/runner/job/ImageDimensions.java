package io.comfyless.runner.job;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads an image's width and height from its first bytes, without decoding the pixels. */
final class ImageDimensions {

    /** Enough for the headers of PNG, JPEG (including large EXIF blocks) and WebP. */
    static final int HEAD_BYTES = 256 * 1024;

    record Size(int width, int height) {}

    private ImageDimensions() {}

    static Optional<Size> of(byte[] head) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(head))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Passes bytes through while keeping the first {@link #HEAD_BYTES} of them. */
    static final class HeadCapture extends FilterInputStream {
        private final byte[] head = new byte[HEAD_BYTES];
        private int captured;

        HeadCapture(InputStream in) {
            super(in);
        }

        byte[] head() {
            return Arrays.copyOf(head, captured);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && captured < head.length) {
                head[captured++] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && captured < head.length) {
                int keep = Math.min(n, head.length - captured);
                System.arraycopy(buffer, offset, head, captured, keep);
                captured += keep;
            }
            return n;
        }
    }
}
