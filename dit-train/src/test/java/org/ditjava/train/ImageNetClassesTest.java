package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped ImageNet-1k class list: shape, lookup by name and synonym, and the errors. */
class ImageNetClassesTest {
    private final ImageNetClasses classes = ImageNetClasses.get();

    @Test
    void everyClassHasADisplayNameAndAlmostAllAreDistinct() {
        Set<String> names = new HashSet<>();
        for (int c = 0; c < ImageNetClasses.COUNT; c++) {
            assertFalse(classes.name(c).isBlank(), "class " + c);
            names.add(classes.name(c).toLowerCase());
        }
        // the standard list repeats "crane" (bird, machine) and "maillot"; "Cardigan" / "cardigan" differ in case only
        assertEquals(ImageNetClasses.COUNT - 3, names.size());
    }

    @Test
    void everyDisplayNameAndUnambiguousSynonymLeadsBackToItsClass() {
        for (int c = 0; c < ImageNetClasses.COUNT; c++) {
            String name = classes.name(c);
            int id = c;
            if (!name.equals("crane") && !name.equals("maillot")) {
                assertEquals(c, classes.id(name), name);
            }
            for (String s : classes.synonyms(c)) {
                long owners = java.util.stream.IntStream.range(0, ImageNetClasses.COUNT)
                        .filter(k -> classes.synonyms(k).stream().anyMatch(x -> x.equalsIgnoreCase(s))).count();
                boolean displayElsewhere = java.util.stream.IntStream.range(0, ImageNetClasses.COUNT)
                        .anyMatch(k -> k != id && classes.name(k).equalsIgnoreCase(s)) || classes.name(c).equalsIgnoreCase(s)
                        && !classes.name(c).equals(s);
                if (owners == 1 && !displayElsewhere) {
                    assertEquals(c, classes.id(s), s);
                }
            }
        }
    }

    @Test
    void listsMixNamesAndIds() {
        List<Integer> ids = classes.parse("Golden Retriever, tabby cat,88");
        assertEquals(3, ids.size());
        assertEquals(classes.id("golden retriever"), ids.get(0));
        assertEquals(classes.id("tabby"), ids.get(1));
        assertEquals(88, ids.get(2));
        assertTrue(ImageNetClasses.hasNames("golden retriever,3"));
        assertFalse(ImageNetClasses.hasNames("all"));
        assertFalse(ImageNetClasses.hasNames("1, 2,3"));
    }

    @Test
    void unknownNamesGetCloseSuggestionsAndSharedNamesAreAmbiguous() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.id("golden retreiver"));
        assertTrue(e.getMessage().contains("unknown ImageNet class name 'golden retreiver'")
                && e.getMessage().contains(classes.id("golden retriever") + " (golden retriever)"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> classes.id("retriever"));
        assertTrue(r.getMessage().contains("retriever)"), r.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> classes.id("crane"));
        assertTrue(a.getMessage().contains("ambiguous"), a.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classes.id("CARDIGAN")).getMessage().contains("ambiguous"));
        assertThrows(IllegalArgumentException.class, () -> classes.parse("1000"));
    }

    @Test
    void gridLegendNamesEachRow() {
        long[] labels = {207, 207, 281, 281, 5};
        List<String> lines = GridLegend.lines(labels, 2, 5, c -> "c" + c);
        assertEquals(List.of("207 c207", "281 c281", "5 c5"), lines);
        assertEquals(List.of("207 c207; 281 c281"), GridLegend.lines(new long[] {207, 281, 3}, 3, 2, c -> "c" + c));
        assertEquals("grid.txt", GridLegend.besides(java.nio.file.Path.of("out", "grid.png")).getFileName().toString());
    }
}
