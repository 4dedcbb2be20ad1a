package io.comfyless.testkit.comfyui;

import java.util.List;

/**
 * An exception as ComfyUI would report it: the Python type name ({@code RuntimeError}, {@code KeyError},
 * {@code PIL.UnidentifiedImageError}) and {@code str(ex)}, so error messages and history match the real server.
 */
final class PythonError extends RuntimeException {

    private final String pythonType;
    private final List<String> traceback;

    PythonError(String pythonType, String message) {
        this(pythonType, message, List.of());
    }

    PythonError(String pythonType, String message, List<String> traceback) {
        super(message);
        this.pythonType = pythonType;
        this.traceback = List.copyOf(traceback);
    }

    static PythonError keyError(String reprOfKey) {
        return new PythonError("KeyError", reprOfKey);
    }

    String pythonType() {
        return pythonType;
    }

    /** {@code str(ex)} of the Python exception. */
    String text() {
        return getMessage();
    }

    List<String> traceback() {
        return traceback;
    }
}
