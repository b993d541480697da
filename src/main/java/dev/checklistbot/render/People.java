package dev.checklistbot.render;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Evidence;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.PeopleDirectory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The display names known for the people a document shows (handed in by whoever renders it: the renderers never read
 * the store). A person whose name is known shows as "Ada Lovelace (U0123)"; one whose name is not, as the run recorded
 * them. The names are cleaned and capped like every name from a platform, and escaped where they are written, like
 * all text people control.
 */
public final class People {
    public static final People NONE = new People(Map.of());

    private final Map<String, String> names;

    private People(Map<String, String> names) {
        this.names = names;
    }

    /** Names by qualified user id (blank or null names are left out). */
    public static People of(Map<String, String> displayNames) {
        Map<String, String> names = new HashMap<>();
        displayNames.forEach((id, name) -> {
            if (id != null && name != null) {
                String clean = PeopleDirectory.Person.clean(name);
                if (!clean.isEmpty()) {
                    names.put(id, clean);
                }
            }
        });
        return new People(Map.copyOf(names));
    }

    /** The person's name: the known display name, else the name the run recorded (which may be the id). */
    public String name(Actor actor) {
        return names.getOrDefault(actor.id(), actor.name());
    }

    /** "Display Name (U0123)" when the name is known and is not the id itself; else the recorded name. */
    public String label(Actor actor) {
        String known = names.get(actor.id());
        return known == null || known.equals(actor.id()) ? actor.name() : known + " (" + actor.id() + ")";
    }

    /** Every user id a summary names: what to look up before rendering it. */
    public static Set<String> idsIn(Summary summary) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(summary.startedBy().id());
        for (Summary.AnswerLine answer : summary.answers()) {
            if (answer.by() != null) {
                ids.add(answer.by().id());
            }
        }
        for (Summary.StepLine step : summary.steps()) {
            if (step.finishedBy() != null) {
                ids.add(step.finishedBy().id());
            }
            step.confirmedBy().forEach(a -> ids.add(a.id()));
            step.evidence().stream().map(Evidence::actor).forEach(a -> ids.add(a.id()));
            step.notes().stream().map(Note::actor).forEach(a -> ids.add(a.id()));
        }
        return ids;
    }
}
