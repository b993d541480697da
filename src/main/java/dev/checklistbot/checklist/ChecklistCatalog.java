package dev.checklistbot.checklist;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The checklists that can be started, by id. */
public final class ChecklistCatalog {
    private final Map<String, Checklist> byId;

    public ChecklistCatalog(Collection<Checklist> checklists) {
        Map<String, Checklist> map = new TreeMap<>();
        for (Checklist checklist : checklists) {
            if (map.putIfAbsent(checklist.id(), checklist) != null) {
                throw new IllegalArgumentException("duplicate checklist id: " + checklist.id());
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    public Optional<Checklist> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every checklist, sorted by id. */
    public List<Checklist> all() {
        return new ArrayList<>(byId.values());
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }
}
