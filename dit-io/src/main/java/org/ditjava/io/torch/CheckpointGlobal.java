package org.ditjava.io.torch;

import java.util.Optional;

/**
 * The only Python globals a checkpoint's pickle may name. {@link Unpickler} resolves a
 * {@code GLOBAL} / {@code STACK_GLOBAL} opcode to one of these by its exact {@code module.name}
 * and refuses every other name before anything is built; calling one ({@code REDUCE},
 * {@code NEWOBJ}) runs the small Java function {@link GlobalCalls} gives it, never code from the
 * file. Storage classes ({@code torch.FloatStorage}, ...) are not listed here: they resolve to
 * {@link TorchDType}s.
 */
public enum CheckpointGlobal {
    /** {@code collections.OrderedDict}: a state dict. */
    ORDERED_DICT("collections", "OrderedDict"),
    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
    /** {@code torch._utils._rebuild_tensor(storage, offset, size, stride)} (older files). */
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
    /** {@code torch._utils._rebuild_parameter(data, requires_grad, hooks)}: the tensor itself. */
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
    /** {@code argparse.Namespace}: {@code train.py}'s {@code args}, kept as inert data. */
    NAMESPACE("argparse", "Namespace"),
    /** {@code torch.Size(tuple)}: a tuple. */
    TORCH_SIZE("torch", "Size"),
    /** {@code torch.device(str[, index])}: its string. */
    TORCH_DEVICE("torch", "device"),
    /** {@code builtins.set(list)}. */
    SET("builtins", "set"),
    /** {@code builtins.frozenset(list)}. */
    FROZENSET("builtins", "frozenset"),
    /** {@code builtins.dict()}. */
    DICT("builtins", "dict"),
    /** {@code builtins.list()}. */
    LIST("builtins", "list"),
    /** {@code builtins.tuple(list)}. */
    TUPLE("builtins", "tuple");

    private final String module;
    private final String name;

    CheckpointGlobal(String module, String name) {
        this.module = module;
        this.name = name;
    }

    /** {@code module.name} as a Python import would spell it. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** The allowed global of that module and name, if it is one. */
    static Optional<CheckpointGlobal> of(String module, String name) {
        for (CheckpointGlobal g : values()) {
            if (g.module.equals(module) && g.name.equals(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
