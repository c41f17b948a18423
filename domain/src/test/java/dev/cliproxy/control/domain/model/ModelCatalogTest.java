package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void groupsByOwnerWithMissingOrBlankOwnersAsOtherAndSortsEachGroupById() {
        ModelCatalog catalog = new ModelCatalog(List.of(
                model("gemini-2.5-pro", "google"), model("claude-sonnet-4", "anthropic"),
                model("Gemini-1.5", "google"), model("gemini-2.5-flash", "google"),
                model("mystery", null), model("blank-owner", " ")));

        Map<String, List<ProxyModel>> groups = catalog.byOwner();

        assertEquals(List.of("anthropic", "google", "other"), List.copyOf(groups.keySet()));
        assertEquals(List.of("Gemini-1.5", "gemini-2.5-flash", "gemini-2.5-pro"), ids(groups.get("google")));
        assertEquals(List.of("blank-owner", "mystery"), ids(groups.get("other")));
        assertEquals(6, catalog.totalCount());
        assertEquals("gemini-2.5-pro", catalog.models().get(0).id(), "the proxy's own order is kept");
    }

    @Test
    void keepsTheProxysFieldsInOrderIncludingNulls() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "m");
        fields.put("zeta", 1);
        fields.put("alpha", null);
        ProxyModel model = new ProxyModel("m", Optional.empty(), fields);

        assertEquals(List.of("id", "zeta", "alpha"), List.copyOf(model.fields().keySet()));
    }

    private static ProxyModel model(String id, String owner) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("object", "model");
        if (owner != null) {
            fields.put("owned_by", owner);
        }
        return new ProxyModel(id, Optional.ofNullable(owner), fields);
    }

    private static List<String> ids(List<ProxyModel> models) {
        return models.stream().map(ProxyModel::id).toList();
    }
}
