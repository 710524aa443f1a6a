package org.ditjava.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The 1,000 ImageNet-1k class names with the ids the released DiT checkpoints use: the standard class
 * index (synsets in WordNet-id order, n01440764 "tench" = 0 ... n15075141 "toilet tissue" = 999), as in
 * torchvision and the ADM / DiT data loaders. Resource {@code imagenet1k_classes.txt}: line i holds class
 * i's comma-separated synonyms, the first being its display name. Lookup tries the display names exactly,
 * then ignoring case ({@code Cardigan} the corgi 264, {@code cardigan} the sweater 474), then every synonym
 * ignoring case; a name shared by two classes ({@code crane}: the bird 134 and the machine 517) is refused
 * as ambiguous with both ids.
 */
public final class ImageNetClasses {
    /** Number of classes. */
    public static final int COUNT = 1000;
    private static final String RESOURCE = "imagenet1k_classes.txt";
    private static volatile ImageNetClasses instance;

    private final List<List<String>> synonyms;

    private ImageNetClasses(List<List<String>> synonyms) {
        this.synonyms = synonyms;
    }

    /** The shipped list (read once). */
    public static ImageNetClasses get() {
        ImageNetClasses c = instance;
        if (c == null) {
            c = read();
            instance = c;
        }
        return c;
    }

    /** The display name of class {@code id} (its first synonym), e.g. {@code golden retriever} for 207. */
    public String name(int id) {
        return synonyms(id).get(0);
    }

    /** Every synonym of class {@code id}, display name first. */
    public List<String> synonyms(int id) {
        if (id < 0 || id >= COUNT) {
            throw new IllegalArgumentException("ImageNet class " + id + " is outside 0.." + (COUNT - 1));
        }
        return synonyms.get(id);
    }

    /** The class of {@code name} (display name or synonym, any case), or an error with close suggestions. */
    public int id(String name) {
        String exact = name.trim();
        String q = exact.toLowerCase(Locale.ROOT);
        for (int level = 0; level < 3; level++) {
            List<Integer> hits = new ArrayList<>();
            for (int c = 0; c < COUNT; c++) {
                List<String> names = level < 2 ? synonyms.get(c).subList(0, 1) : synonyms.get(c);
                boolean caseSensitive = level == 0;
                if (names.stream().anyMatch(n -> caseSensitive ? n.equals(exact) : n.toLowerCase(Locale.ROOT).equals(q))) {
                    hits.add(c);
                }
            }
            if (hits.size() == 1) {
                return hits.get(0);
            }
            if (hits.size() > 1) {
                throw new IllegalArgumentException("the ImageNet class name '" + name.trim() + "' is ambiguous: "
                        + describe(hits) + "; give the id instead");
            }
        }
        throw new IllegalArgumentException("unknown ImageNet class name '" + name.trim() + "'; closest: "
                + describe(closest(q, 3)));
    }

    /**
     * Parses a comma-separated list of class names and/or ids ({@code "golden retriever, 281"}). Each
     * item is an id when it is a number, else a name.
     */
    public List<Integer> parse(String list) {
        List<Integer> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty item in the class list '" + list + "'");
            }
            out.add(isNumber(t) ? checkedId(Integer.parseInt(t)) : id(t));
        }
        return out;
    }

    /** Whether {@code list} names any class (rather than being {@code all} or ids only). */
    public static boolean hasNames(String list) {
        String t = list.trim();
        return !t.equalsIgnoreCase("all") && Arrays.stream(t.split(",")).map(String::trim).anyMatch(s -> !isNumber(s));
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
    }

    private static int checkedId(int id) {
        if (id >= COUNT) {
            throw new IllegalArgumentException("ImageNet class " + id + " is outside 0.." + (COUNT - 1));
        }
        return id;
    }

    /** The {@code k} classes with a synonym closest to {@code q}: containing it first, then by edit distance. */
    private List<Integer> closest(String q, int k) {
        Integer[] ids = new Integer[COUNT];
        int[] score = new int[COUNT];
        for (int c = 0; c < COUNT; c++) {
            ids[c] = c;
            int best = Integer.MAX_VALUE;
            for (String n : synonyms.get(c)) {
                String l = n.toLowerCase(Locale.ROOT);
                int d = l.contains(q) || q.contains(l) ? Math.abs(l.length() - q.length()) - 1000 : editDistance(q, l);
                best = Math.min(best, d);
            }
            score[c] = best;
        }
        Arrays.sort(ids, Comparator.comparingInt((Integer c) -> score[c]).thenComparingInt(c -> c));
        return Arrays.asList(ids).subList(0, k);
    }

    private String describe(List<Integer> ids) {
        Set<String> parts = new LinkedHashSet<>();
        ids.forEach(c -> parts.add(c + " (" + name(c) + ")"));
        return String.join(", ", parts);
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static ImageNetClasses read() {
        List<List<String>> out = new ArrayList<>();
        try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(Arrays.stream(line.split(",")).map(String::trim).toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() != COUNT) {
            throw new IllegalStateException(RESOURCE + " has " + out.size() + " classes, not " + COUNT);
        }
        return new ImageNetClasses(List.copyOf(out));
    }
}
