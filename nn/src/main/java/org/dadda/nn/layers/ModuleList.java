package org.dadda.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dadda.nn.Module;

/**
 * An indexed list of modules of any kind, as {@code torch.nn.ModuleList}: children are named
 * {@code "0"}, {@code "1"}, ...; the owner decides how to call them.
 */
public final class ModuleList extends Module {
    private final List<Module> modules = new ArrayList<>();

    /** A list of {@code modules} (may be empty; extend with {@link #add}). */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends {@code module} under the next index; returns this. */
    public ModuleList add(Module module) {
        modules.add(child(Integer.toString(modules.size()), module));
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        return modules.get(index);
    }

    /** Number of modules. */
    public int size() {
        return modules.size();
    }

    /** The modules in order (read-only). */
    public List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }
}
