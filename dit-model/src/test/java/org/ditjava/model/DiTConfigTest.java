package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Presets, derived values and validation. */
class DiTConfigTest {

    @Test
    void presetsByNameAndConstant() {
        assertEquals(12, DiTConfig.presetsByName().size());
        assertSame(DiTConfig.XL_2, DiTConfig.byName("DiT-XL/2"));
        assertSame(DiTConfig.S_8, DiTConfig.byName("dit-s/8"));
        DiTConfig xl = DiTConfig.XL_2;
        assertEquals(28, xl.depth());
        assertEquals(256, xl.numPatches());
        assertEquals(8, xl.outChannels());
        assertEquals(72, xl.headDim());
        assertEquals(4608, xl.mlpHidden());
        assertEquals(1001, xl.labelTableRows());
        assertEquals(1000, xl.nullClass());
        assertEquals("DiT-XL/2", xl.withInputSize(64).modelName());
        assertEquals(1024, xl.withInputSize(64).numPatches());
        assertEquals(BlockType.ADALN_ZERO, xl.blockType());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiTConfig.byName("DiT-XXL/2"));
        assertTrue(e.getMessage().contains("DiT-XXL/2") && e.getMessage().contains("DiT-B/4"), e.getMessage());
    }

    @Test
    void invalidConfigsAreRejectedWithEveryReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiTConfig(2, 66, 3, 4, 8, 4, 10, 0.1, true, BlockType.ADALN_ZERO, 4.0));
        String m = e.getMessage();
        assertTrue(m.contains("hiddenSize 66 is not divisible by numHeads 4"), m);
        assertTrue(m.contains("inputSize 8 is not divisible by patchSize 3"), m);
        assertTrue(m.contains("not divisible by 4"), m);
        assertThrows(IllegalArgumentException.class,
                () -> new DiTConfig(0, 64, 2, 4, 8, 4, 10, 1.0, true, BlockType.ADALN_ZERO, 4.0));
        assertThrows(IllegalArgumentException.class,
                () -> new DiTConfig(2, 64, 2, 4, 8, 4, 10, 0.1, true, null, 4.0));
    }

    @Test
    void noNullClassWithoutLabelDropout() {
        DiTConfig c = DiTConfig.S_2.withClasses(10, 0.0);
        assertEquals(10, c.labelTableRows());
        assertThrows(IllegalStateException.class, c::nullClass);
    }

    @Test
    void blockTypesParseFromCliNames() {
        for (BlockType b : BlockType.values()) {
            assertSame(b, BlockType.parse(b.cliName()));
            assertSame(b, BlockType.parse(b.name()));
            assertSame(b, BlockType.ofCode(b.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> BlockType.parse("adaln-one"));
    }
}
