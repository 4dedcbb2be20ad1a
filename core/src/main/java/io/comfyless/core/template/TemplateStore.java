package io.comfyless.core.template;

import java.util.List;
import java.util.Optional;

/** Saved templates, per tenant. */
public interface TemplateStore {

    /** @return false when the tenant already has a template with this id */
    boolean create(SavedTemplate template);

    Optional<SavedTemplate> find(String tenant, String id);

    List<SavedTemplate> list(String tenant);

    /** @return false when there was nothing to delete */
    boolean delete(String tenant, String id);
}
