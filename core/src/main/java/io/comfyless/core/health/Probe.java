package io.comfyless.core.health;

/** One dependency check: a cheap call that succeeds when the dependency serves this stack. */
public interface Probe {

    String name();

    /** Returns normally when healthy; any exception says why not. */
    void check() throws Exception;
}
