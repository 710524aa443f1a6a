package org.ditjava.data;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.ditjava.io.RgbPixels;

/**
 * Decodes an image file to 8-bit RGB with ImageIO (plus the TwelveMonkeys plugins on the class
 * path: CMYK/YCCK JPEGs, PNM, WebP), choosing the decoder by the file's contents as PIL does (a PNG
 * named {@code .JPEG} decodes). Thread-safe: each call uses its own reader.
 *
 * <p>Every failure is a {@link BadInputException} naming the file and the reason: missing, not a
 * regular file, unreadable, empty, no decoder recognises it, the decoder throws, or the data ends
 * early. The last case matters because ImageIO's JPEG decoder "succeeds" on a truncated file,
 * padding it with grey and reporting only a warning ("Premature end of JPEG file"); PIL raises
 * {@code OSError: image file is truncated} there, so this class turns end-of-data warnings into
 * failures. Other decoder warnings (e.g. extraneous bytes before a marker) are tolerated, as PIL
 * tolerates them.
 */
public final class ImageDecoder {
    private static final String[] TRUNCATION_WARNINGS = {"premature end", "end of file", "truncat"};
    /** PIL refuses images over twice {@code Image.MAX_IMAGE_PIXELS} ({@code DecompressionBombError}). */
    public static final long MAX_PIXELS = 2L * 89_478_485;

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    /** Reads and decodes {@code file}. */
    public static RgbImage decode(Path file) {
        return decode(read(file), file);
    }

    /** Decodes the bytes of an image file; {@code file} only names it in errors. */
    public static RgbImage decode(byte[] bytes, Path file) {
        if (bytes.length == 0) {
            throw new BadInputException(file, "empty file (0 bytes)");
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(file, "not an image: no decoder recognises its contents (starts with "
                        + hexPrefix(bytes) + ")");
            }
            return decodeWith(readers.next(), in, file);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "cannot read: " + describe(e), e);
        }
    }

    private static RgbImage decodeWith(ImageReader reader, ImageInputStream in, Path file) {
        String format = formatName(reader);
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        try {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(listener);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new BadInputException(file, "too large: " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " pixels, over PIL's decompression-bomb limit of " + MAX_PIXELS);
            }
            BufferedImage image = reader.read(0);
            for (String w : warnings) {
                if (isTruncation(w)) {
                    throw new BadInputException(file, "truncated " + format + " data (decoder warning: " + w + ")");
                }
            }
            return RgbImage.wrap(image.getWidth(), image.getHeight(), RgbPixels.of(image));
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(file, "cannot decode as " + format + ": " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** The whole file, or a {@link BadInputException} saying why it cannot be read. */
    static byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, Files.exists(file) ? "not a regular file" : "no such file (or a broken link)");
            }
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "unreadable: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file (or a broken link)", e);
        } catch (IOException e) {
            throw new BadInputException(file, "unreadable: " + describe(e), e);
        }
    }

    static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        for (String marker : TRUNCATION_WARNINGS) {
            if (w.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return reader.getOriginatingProvider() == null ? "image" : reader.getOriginatingProvider().getFormatNames()[0];
        }
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        Throwable cause = e.getCause();
        String base = msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
        if (cause != null && cause.getMessage() != null && !base.contains(cause.getMessage())) {
            base += " (" + cause.getMessage() + ")";
        }
        return base;
    }
}
