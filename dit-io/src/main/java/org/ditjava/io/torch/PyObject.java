package org.ditjava.io.torch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance of an allowed plain-data class (today only {@code argparse.Namespace}): its class
 * name and the attributes the pickle's {@code BUILD} gave it. Inert: it has no behaviour.
 */
public final class PyObject {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    PyObject(String className) {
        this.className = className;
    }

    /** {@code module.name} of the class, e.g. {@code argparse.Namespace}. */
    public String className() {
        return className;
    }

    /** The instance's {@code __dict__}, in pickle order. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    void set(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public String toString() {
        return className + attributes;
    }
}
