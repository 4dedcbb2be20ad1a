package io.comfyless.core.template;

import io.comfyless.core.workflow.Workflow;
import java.util.Optional;

/**
 * What {@code workflow_id} can name for a tenant: the built-in templates, then the tenant's saved
 * ones. Saving under a built-in id is refused, so the order never hides anything.
 */
public final class TenantTemplateCatalog implements TemplateCatalog {

    private final BuiltInTemplates builtIns;
    private final TemplateStore saved;

    public TenantTemplateCatalog(BuiltInTemplates builtIns, TemplateStore saved) {
        this.builtIns = builtIns;
        this.saved = saved;
    }

    @Override
    public Optional<Workflow> find(String owner, String templateId) {
        Optional<Workflow> builtIn = builtIns.find(owner, templateId);
        return builtIn.isPresent() ? builtIn : saved.find(owner, templateId).map(SavedTemplate::workflow);
    }
}
