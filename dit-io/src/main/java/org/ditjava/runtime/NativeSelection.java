package org.ditjava.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which build of ND4J's CPU natives ({@link NativeVariant}) this JVM loads, by the CPU that
 * runs, before ND4J loads them. Call {@link #apply()} first thing (the {@code dit} command line does);
 * once any ND4J class has loaded its natives the choice can no longer change.
 *
 * <p>Request, first found wins: the system property {@code -Ddit.natives=auto|default|onednn|onednn-avx2|onednn-avx512},
 * the environment variable {@code DIT_NATIVES}, else {@code auto} (AVX-512 F/BW/VL → onednn-avx512,
 * AVX2 + FMA → onednn-avx2, else onednn). A variant the CPU cannot execute, or whose classifier jar
 * ({@code nd4j-native-1.0.0-M2.1-<platform>-<variant>.jar}) is not on the class path, falls back to the
 * next one down (ending at the plain build), with a warning that says why. A JVM started with
 * {@code -Dorg.bytedeco.javacpp.platform.extension} set keeps that choice untouched.
 *
 * <p>Memory: with the oneDNN builds glibc's dynamic mmap threshold climbs (to 32 MiB) early in a run, after
 * which ND4J's freed tensors stay in the malloc heap instead of going back to the system (fmnist-quick
 * training 1.45 GB resident instead of 0.57; DiT-S/2 b8 15 GB instead of ~4). A fixed threshold, the
 * environment variable {@code MALLOC_MMAP_THRESHOLD_=131072} (glibc's starting value), prevents it; the
 * {@code dit} launcher and the tests set it, and a selection without it carries a note.
 *
 * <p>Why it must run first: JavaCPP reads the extension once, when its {@code Loader} class starts; and
 * with the property unset and these jars on the class path, JavaCPP itself tries every build the ND4J
 * preset lists and loads whichever it finds first ({@code onednn-avx2}), whatever the CPU.
 *
 * @param variant   the build chosen (what JavaCPP will load)
 * @param requested what was asked for, and by what ({@code "auto"}, {@code "onednn-avx2 (DIT_NATIVES)"})
 * @param notes     why the choice differs from the request, if it does (empty otherwise)
 */
public record NativeSelection(NativeVariant variant, String requested, List<String> notes) {

    /** The system property users set. */
    public static final String PROPERTY = "dit.natives";
    /** The environment variable users set. */
    public static final String ENV = "DIT_NATIVES";
    /** JavaCPP's property: the suffix appended to the platform name of the native resources it loads. */
    public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    private static final Logger LOG = LoggerFactory.getLogger(NativeSelection.class);
    private static final String CPU_BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String JNI_LIBRARY = "jnind4jcpu";
    private static NativeSelection applied;

    public NativeSelection {
        notes = List.copyOf(notes);
    }

    /**
     * Chooses the variant and sets JavaCPP's property (once per JVM; later calls return the first result).
     *
     * @throws IllegalArgumentException when {@code dit.natives} / {@code DIT_NATIVES} names no variant
     */
    public static synchronized NativeSelection apply() {
        if (applied == null) {
            applied = choose();
            applied.notes().forEach(n -> LOG.warn("native variant: {}", n));
        }
        return applied;
    }

    private static NativeSelection choose() {
        String explicit = System.getProperty(JAVACPP_EXTENSION);
        if (explicit != null) {
            return new NativeSelection(NativeVariant.ofSuffix(explicit), "-D" + JAVACPP_EXTENSION + "=" + explicit, List.of());
        }
        String prop = System.getProperty(PROPERTY);
        String env = System.getenv(ENV);
        String request = prop != null ? prop : env != null ? env : "auto";
        String source = prop != null ? " (-D" + PROPERTY + ")" : env != null ? " (" + ENV + ")" : "";
        List<String> notes = new ArrayList<>();
        Set<String> flags = cpuFlags();
        NativeVariant wanted;
        try {
            wanted = "auto".equals(request.trim().toLowerCase(Locale.ROOT))
                    ? NativeVariant.bestFor(flags) : NativeVariant.parse(request);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " or auto, given by" + source, e);
        }
        NativeVariant chosen = NativeVariant.DEFAULT;
        if (wanted != NativeVariant.DEFAULT && !isCpuBackend()) {
            notes.add("ND4J's backend is not nd4j-native (CPU): " + wanted.key() + " does not apply");
        } else {
            chosen = fallback(wanted, flags, NativeSelection::isShipped, notes);
        }
        if (chosen != NativeVariant.DEFAULT && System.getenv("MALLOC_MMAP_THRESHOLD_") == null
                && System.getenv("MALLOC_TRIM_THRESHOLD_") == null) {
            notes.add("MALLOC_MMAP_THRESHOLD_ is not set: with the oneDNN builds glibc keeps freed tensors in the malloc "
                    + "heap (several times the resident memory); start the JVM with MALLOC_MMAP_THRESHOLD_=131072 "
                    + "as the dit launcher does");
        }
        // JavaCPP reads the property once, when its Loader starts: nothing above may touch the Loader
        System.setProperty(JAVACPP_EXTENSION, chosen.suffix());
        if (!chosen.suffix().equals(Loader.loadProperties().getProperty("platform.extension", ""))) {
            notes.add("JavaCPP's Loader had started before the selection (ND4J loaded "
                    + loaded().map(NativeVariant::key).orElse("not yet") + "): call NativeSelection.apply() first");
        }
        return new NativeSelection(chosen, request.trim() + source, notes);
    }

    /** {@code wanted}, or the first variant below it that this CPU runs and whose jar is on the class path. */
    static NativeVariant fallback(NativeVariant wanted, Set<String> flags, Predicate<NativeVariant> shipped,
            List<String> notes) {
        NativeVariant[] order = NativeVariant.values();
        for (int i = wanted.ordinal(); i > 0; i--) {
            NativeVariant v = order[i];
            if (!v.runsOn(flags)) {
                notes.add(v.key() + " needs CPU flags " + v.cpuFlags() + " that this CPU lacks");
            } else if (!shipped.test(v)) {
                notes.add(v.key() + ": nd4j-native-*-" + platform() + v.suffix()
                        + ".jar is not on the class path (see README, 'Native builds')");
            } else {
                return v;
            }
        }
        return NativeVariant.DEFAULT;
    }

    /** Whether the classifier jar of {@code v} (its JNI library for this platform) is on the class path. */
    public static boolean isShipped(NativeVariant v) {
        String resource = CPU_BINDINGS + platform() + v.suffix() + "/" + System.mapLibraryName(JNI_LIBRARY);
        return NativeSelection.class.getClassLoader().getResource(resource) != null;
    }

    /**
     * The variant ND4J actually loaded, read back from the path of the loaded JNI library
     * ({@code .../linux-x86_64-onednn-avx512/libjnind4jcpu.so}); empty before ND4J has loaded.
     */
    public static Optional<NativeVariant> loaded() {
        return loadedPath().map(p -> {
            Matcher m = Pattern.compile(Pattern.quote(platform()) + "(-[a-z0-9-]+)?/[^/]*" + JNI_LIBRARY)
                    .matcher(p);
            return m.find() && m.group(1) != null ? NativeVariant.ofSuffix(m.group(1)) : NativeVariant.DEFAULT;
        });
    }

    private static Optional<String> loadedPath() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().contains(JNI_LIBRARY) && e.getValue() != null) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * JavaCPP's platform name ({@code linux-x86_64}), worked out as its Loader does but without starting
     * the Loader (which would fix the extension before it is chosen).
     */
    static String platform() {
        String set = System.getProperty("org.bytedeco.javacpp.platform");
        if (set != null && !set.isEmpty()) {
            return set;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        os = os.startsWith("mac os x") || os.startsWith("darwin") ? "macosx" : os.startsWith("windows") ? "windows"
                : os.startsWith("linux") ? "linux" : os.replaceAll("\\W", "");
        arch = switch (arch) {
            case "amd64", "x86-64", "x64", "x86_64" -> "x86_64";
            case "aarch64", "arm64", "armv8" -> "arm64";
            case "ppc64le" -> "ppc64le";
            default -> arch;
        };
        return os + "-" + arch;
    }

    private static boolean isCpuBackend() {
        return NativeSelection.class.getClassLoader()
                .getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") != null;
    }

    /** This CPU's feature flags from {@code /proc/cpuinfo} (empty where there is none). */
    static Set<String> cpuFlags() {
        Path info = Path.of("/proc/cpuinfo");
        Set<String> have = new TreeSet<>();
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("flags")) {
                        have.addAll(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                        break;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", info, e.getMessage());
            }
        }
        return have;
    }
}
