package io.comfyless.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.json.Fields;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.core.workflow.WorkflowNormalizer;
import io.comfyless.core.workflow.WorkflowValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Saved templates: checked like a submission when saved (normalised and validated), so a template
 * that is stored can always be run; ids are the tenant's choice or generated ({@code tpl_...}).
 */
public final class TemplateService {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_TEXT = 1000;

    private final TemplateStore store;
    private final BuiltInTemplates builtIns;
    private final WorkflowValidator validator;
    private final IdGenerator ids;
    private final Clock clock;

    public TemplateService(
            TemplateStore store, BuiltInTemplates builtIns, WorkflowValidator validator, IdGenerator ids, Clock clock) {
        this.store = store;
        this.builtIns = builtIns;
        this.validator = validator;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * The dashboard's body: {@code name}, {@code workflow}, optional {@code id}, {@code description},
     * {@code category}, {@code tags} (up to 20 words) and {@code preset}.
     */
    public SavedTemplate create(String tenant, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, "body", "The request body must be a JSON object");
        }
        String id = Fields.text(body, "id", "id").orElseGet(() -> "tpl_" + ids.randomHex(8));
        if (!ID.matcher(id).matches()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "id", "id must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (builtIns.all().containsKey(id)) {
            throw new ConflictException("'" + id + "' is a built-in template; choose another id");
        }
        String name = text(body, "name", true);
        Workflow workflow = WorkflowNormalizer.normalize(body.get("workflow"), "workflow");
        validator.validate(workflow);
        SavedTemplate template = new SavedTemplate(
                id,
                tenant,
                name,
                text(body, "description", false),
                text(body, "category", false),
                workflow,
                clock.instant(),
                tags(body),
                text(body, "preset", false));
        if (!store.create(template)) {
            throw new ConflictException("A template with id '" + id + "' already exists; delete it first");
        }
        return template;
    }

    public SavedTemplate get(String tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> NotFoundException.of("Template", id));
    }

    public List<SavedTemplate> list(String tenant) {
        return store.list(tenant);
    }

    public void delete(String tenant, String id) {
        if (builtIns.all().containsKey(id)) {
            throw new ConflictException("'" + id + "' is a built-in template and cannot be deleted");
        }
        if (!store.delete(tenant, id)) {
            throw NotFoundException.of("Template", id);
        }
    }

    private static List<String> tags(JsonNode body) {
        JsonNode value = body.get("tags");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 20) {
            throw ValidationException.of("INVALID_VALUE", "tags", "tags must be a list of at most 20 words");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            if (!tag.isTextual() || tag.asText().isBlank() || tag.asText().length() > 50) {
                throw ValidationException.of(
                        "INVALID_VALUE", "tags", "each tag must be a word of at most 50 characters");
            }
            tags.add(tag.asText());
        }
        return tags;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_TEXT) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    field,
                    field + " must be a non-empty string of at most " + MAX_TEXT + " characters");
        }
        return value.asText();
    }
}
