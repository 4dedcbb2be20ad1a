package io.comfyless.core.preset;

import java.util.List;
import java.util.Optional;

/** Presets defined at runtime (the built-in ones live in a data file). Stack-wide, like the model store. */
public interface PresetStore {

    /** @return false when one with this id exists */
    boolean create(Preset preset);

    /** @return false when there is none with this id */
    boolean replace(Preset preset);

    Optional<Preset> find(String id);

    List<Preset> list();

    /** @return false when there was none */
    boolean delete(String id);
}
