package io.comfyless.core.catalog;

/** Whether the model store holds a model file: {@code models/<folder>/<name>}. */
@FunctionalInterface
public interface ModelLookup {

    boolean stored(String folder, String name);
}
