package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One dimension as known at import time: {@code factor × s1 × s2 × …}, a constant times a product of
 * symbols that stand for sizes only known at run time (the batch size, an image height). Products
 * and exact quotients of such monomials stay symbolic, so a {@code Reshape} to
 * {@code [batch, 32, -1]} of an {@code [batch, 64, 8, 8]} tensor resolves at import time to
 * {@code [-1, 32, 128]}; sums do not and become fresh symbols.
 */
record Dim(long factor, List<Symbol> symbols) {

    /** A size known only at run time: its value is {@code shape(source)[axis]}. */
    public static final class Symbol {
        private static long counter;
        private final long id;
        private final String label;
        private final SDVariable source;
        private final int axis;

        Symbol(String label, SDVariable source, int axis) {
            synchronized (Symbol.class) {
                this.id = ++counter;
            }
            this.label = label;
            this.source = source;
            this.axis = axis;
        }

        /** The SameDiff variable whose dimension {@link #axis()} has this size. */
        public SDVariable source() {
            return source;
        }

        public int axis() {
            return axis;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public Dim {
        symbols = List.copyOf(symbols);
    }

    /** A known size. */
    public static Dim of(long value) {
        return new Dim(value, List.of());
    }

    /** A size known only at run time. */
    public static Dim symbol(Symbol s) {
        return new Dim(1, List.of(s));
    }

    public boolean isKnown() {
        return symbols.isEmpty();
    }

    /** The known value; fails for a symbolic dimension. */
    public long value() {
        if (!isKnown()) {
            throw new IllegalStateException("dimension " + this + " is only known at run time");
        }
        return factor;
    }

    public boolean isKnown(long v) {
        return isKnown() && factor == v;
    }

    public Dim times(Dim o) {
        List<Symbol> s = new ArrayList<>(symbols);
        s.addAll(o.symbols);
        s.sort(Comparator.comparingLong(x -> x.id));
        return new Dim(factor * o.factor, s);
    }

    /** {@code this / o} when it is again a monomial (exact integer factor, symbols cancel). */
    public Optional<Dim> dividedBy(Dim o) {
        if (o.factor == 0 || factor % o.factor != 0) {
            return Optional.empty();
        }
        List<Symbol> rest = new ArrayList<>(symbols);
        for (Symbol s : o.symbols) {
            if (!rest.remove(s)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Dim(factor / o.factor, rest));
    }

    /** The product of a list of dimensions. */
    public static Dim product(List<Dim> dims) {
        Dim p = of(1);
        for (Dim d : dims) {
            p = p.times(d);
        }
        return p;
    }

    /** ND4J's notation: the value, or -1 when only known at run time. */
    public long orMinusOne() {
        return isKnown() ? factor : -1;
    }

    /** ND4J's notation for a whole shape. */
    public static long[] toLongs(List<Dim> dims) {
        return dims.stream().mapToLong(Dim::orMinusOne).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dim d && d.factor == factor && d.symbols.equals(symbols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(factor, symbols);
    }

    @Override
    public String toString() {
        if (isKnown()) {
            return Long.toString(factor);
        }
        StringBuilder b = new StringBuilder(factor == 1 ? "" : factor + "*");
        for (int i = 0; i < symbols.size(); i++) {
            b.append(i == 0 ? "" : "*").append(symbols.get(i));
        }
        return b.toString();
    }
}
