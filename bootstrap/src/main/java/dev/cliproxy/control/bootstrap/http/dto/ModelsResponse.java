package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProxyModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /models}: {@code {"models":[...],"byCategory":{owner:[...]},"totalCount"}}, each model as the proxy gave it. */
public record ModelsResponse(List<Map<String, Object>> models, Map<String, List<Map<String, Object>>> byCategory,
                             int totalCount) {

    public static ModelsResponse from(ModelCatalog catalog) {
        Map<String, List<Map<String, Object>>> byCategory = new LinkedHashMap<>();
        catalog.byOwner().forEach((owner, group) -> byCategory.put(owner, fields(group)));
        return new ModelsResponse(fields(catalog.models()), byCategory, catalog.totalCount());
    }

    private static List<Map<String, Object>> fields(List<ProxyModel> models) {
        return models.stream().map(ProxyModel::fields).toList();
    }
}
