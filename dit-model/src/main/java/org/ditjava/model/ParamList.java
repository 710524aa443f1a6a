package org.ditjava.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensors of a model in {@code state_dict} order, collected from each module's {@code declare}. */
public final class ParamList {
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();

    /** Adds one tensor; a duplicate name is a programming error. */
    public void add(String name, ParamInit init, long... shape) {
        if (specs.put(name, new ParamSpec(name, shape, init)) != null) {
            throw new IllegalStateException("duplicate parameter " + name);
        }
    }

    /** All tensors, in declaration ({@code state_dict}) order. */
    public List<ParamSpec> all() {
        return Collections.unmodifiableList(new ArrayList<>(specs.values()));
    }

    /** The tensor called {@code name}, or {@code null}. */
    public ParamSpec get(String name) {
        return specs.get(name);
    }

    /** Values over all tensors (with {@code pos_embed}). */
    public long countAll() {
        return specs.values().stream().mapToLong(ParamSpec::numel).sum();
    }

    /** Values over the trainable tensors (without {@code pos_embed}). */
    public long countTrainable() {
        return specs.values().stream().filter(ParamSpec::trainable).mapToLong(ParamSpec::numel).sum();
    }
}
