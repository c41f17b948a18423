package dev.cliproxy.control.domain.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The models the running proxy lists, in its order, and grouped by owner. */
public record ModelCatalog(List<ProxyModel> models) {

    /** The group of models whose owner the proxy did not name. */
    public static final String UNKNOWN_OWNER = "other";

    /** By id as a person reads it (case aside), then exactly, so that the order is total. */
    private static final Comparator<ProxyModel> BY_ID = Comparator
            .comparing(ProxyModel::id, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ProxyModel::id);

    public ModelCatalog {
        models = List.copyOf(models);
    }

    /** Models grouped by {@code owned_by} (blank or missing: {@value #UNKNOWN_OWNER}), groups by name, each by id. */
    public Map<String, List<ProxyModel>> byOwner() {
        return models.stream().collect(Collectors.groupingBy(
                model -> model.ownedBy().filter(owner -> !owner.isBlank()).orElse(UNKNOWN_OWNER),
                TreeMap::new,
                Collectors.collectingAndThen(Collectors.toList(), group -> group.stream().sorted(BY_ID).toList())));
    }

    public int totalCount() {
        return models.size();
    }
}
