package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Reads images and writes PNGs with {@code tEXt} chunks, as SaveImage embeds the prompt and workflow. */
final class PngFiles {

    private static final String PNG_METADATA = "javax_imageio_png_1.0";

    private PngFiles() {}

    static void write(BufferedImage image, Path file, Map<String, String> text) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(image, out, text);
        }
    }

    static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(image, bytes, Map.of());
        return bytes.toByteArray();
    }

    static byte[] encodeJpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(Images.toRgb(image), "jpeg", bytes)) {
            throw new IOException("no JPEG writer");
        }
        return bytes.toByteArray();
    }

    /** Reads any format ImageIO knows; like PIL, an unreadable file is a {@code PIL.UnidentifiedImageError}. */
    static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new PythonError("PIL.UnidentifiedImageError", "cannot identify image file '" + file + "'");
        }
        return image;
    }

    private static void write(BufferedImage image, OutputStream out, Map<String, String> text) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata =
                    writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (!text.isEmpty()) {
                metadata.mergeTree(PNG_METADATA, textChunks(text));
            }
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }

    /** Latin-1 text goes in {@code tEXt}; anything else in {@code iTXt}, as PIL's {@code PngInfo.add_text} does. */
    private static IIOMetadataNode textChunks(Map<String, String> text) {
        IIOMetadataNode latin = new IIOMetadataNode("tEXt");
        IIOMetadataNode international = new IIOMetadataNode("iTXt");
        text.forEach((key, value) -> {
            if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("value", value);
                latin.appendChild(entry);
            } else {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("compressionFlag", "FALSE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", value);
                international.appendChild(entry);
            }
        });
        IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
        if (latin.getLength() > 0) {
            root.appendChild(latin);
        }
        if (international.getLength() > 0) {
            root.appendChild(international);
        }
        return root;
    }
}
