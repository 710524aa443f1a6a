package org.ditjava.io.torch;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The byte copies of the shared {@code pretrained} fixtures in this module's test resources. */
final class Fixtures {
    private Fixtures() {
    }

    static Path pretrained(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/pretrained/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource fixtures/pretrained/" + name, e);
        }
    }
}
