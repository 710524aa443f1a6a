package org.ditjava.data;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import org.datavec.api.split.InputSplit;

/**
 * A read-only DataVec {@link InputSplit} over an {@link ImageFolder}: its locations are the usable
 * images in dataset order. Used instead of DataVec's {@code FileSplit}, which (in 1.0.0-M2.1) walks
 * symlinked folders without remembering where it has been, so a link loop never ends, and has
 * neither torchvision's extension rules nor its class order.
 */
public final class ImageFolderSplit implements InputSplit {
    private final ImageFolder folder;

    public ImageFolderSplit(ImageFolder folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** Scans {@code root} with {@code policy}. */
    public static ImageFolderSplit of(Path root, BadInputPolicy policy) {
        return new ImageFolderSplit(ImageFolder.scan(root, policy));
    }

    /** The dataset behind the split. */
    public ImageFolder folder() {
        return folder;
    }

    @Override
    public long length() {
        return folder.size();
    }

    @Override
    public URI[] locations() {
        return folder.samples().stream().map(s -> s.file().toUri()).toArray(URI[]::new);
    }

    @Override
    public Iterator<URI> locationsIterator() {
        return folder.samples().stream().map(s -> s.file().toUri()).iterator();
    }

    @Override
    public Iterator<String> locationsPathIterator() {
        return folder.samples().stream().map(s -> s.file().toString()).iterator();
    }

    @Override
    public InputStream openInputStreamFor(String location) throws Exception {
        return Files.newInputStream(Path.of(location));
    }

    @Override
    public void reset() {
        // the listing is immutable
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean canWriteToLocation(URI location) {
        return false;
    }

    @Override
    public String addNewLocation() {
        throw readOnly();
    }

    @Override
    public String addNewLocation(String location) {
        throw readOnly();
    }

    @Override
    public void updateSplitLocations(boolean reset) {
        // nothing to update: the split is read-only
    }

    @Override
    public boolean needsBootstrapForWrite() {
        return false;
    }

    @Override
    public void bootStrapForWrite() {
        throw readOnly();
    }

    @Override
    public OutputStream openOutputStreamFor(String location) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("an ImageFolderSplit is read-only");
    }
}
