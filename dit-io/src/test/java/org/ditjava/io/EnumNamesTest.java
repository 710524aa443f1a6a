package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link EnumNames}: given names and constant names, any case, {@code _} or {@code -}; errors list the choices. */
class EnumNamesTest {
    private enum Mode {
        QUICK_RUN("quick-run"), PAPER("paper-xl");

        private final String name;

        Mode(String name) {
            this.name = name;
        }
    }

    @Test
    void matchesGivenAndConstantNames() {
        assertEquals(Mode.QUICK_RUN, EnumNames.parse(Mode.class, " Quick_Run ", m -> m.name, "mode"));
        assertEquals(Mode.QUICK_RUN, EnumNames.parse(Mode.class, "quick-run", m -> m.name, "mode"));
        assertEquals(Mode.PAPER, EnumNames.parse(Mode.class, "PAPER", m -> m.name, "mode"));
        assertEquals(Mode.PAPER, EnumNames.parse(Mode.class, "paper_xl", m -> m.name, "mode"));
    }

    @Test
    void unknownNamesListTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnumNames.parse(Mode.class, "fast", m -> m.name, "mode"));
        assertEquals("unknown mode 'fast'; expected one of quick-run, paper-xl", e.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> EnumNames.parseEither(Mode.class, "fast", m -> m.name, "mode"));
        assertEquals("unknown mode 'fast'; expected one of quick-run/QUICK_RUN, paper-xl/PAPER", both.getMessage());
        assertThrows(NullPointerException.class, () -> EnumNames.parse(Mode.class, null, m -> m.name, "mode"));
    }
}
