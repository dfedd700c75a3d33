package org.dadda.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One readable line for why the CUDA driver could not start. JCuda's load failures run to dozens
 * of lines of nested stack traces; the line that matters is the missing shared library, mostly
 * {@code libcuda.so.1} on a machine without the NVIDIA driver.
 */
final class DriverFailure {
    private static final Pattern MISSING_LIBRARY = Pattern.compile(
            "([\\w.+-]+\\.so(?:\\.\\d+)*): cannot open shared object file[^\\n]*");

    private DriverFailure() {
    }

    /** The reason {@code e} says, in one line. */
    static String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher missing = MISSING_LIBRARY.matcher(m);
        if (missing.find()) {
            return "the NVIDIA driver library " + missing.group(1) + " cannot be loaded (" + missing.group().strip()
                    + "); is this a machine with an NVIDIA GPU and its driver?";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
