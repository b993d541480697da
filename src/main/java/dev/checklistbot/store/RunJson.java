package dev.checklistbot.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.StepState;

import java.util.List;

/**
 * The JSON form of a run's state and of outbox events. Records are written field by field (their
 * components) and read back through their canonical constructors; derived accessors such as
 * {@code Run.mode()} are not properties. Instants are ISO-8601 text with every digit kept.
 */
final class RunJson {
    /**
     * Parsed runs by id, with the exact JSON text they came from (or were written as): reading a run whose
     * stored text is unchanged returns the same immutable {@link Run} instead of parsing 6 KB of JSON again
     * (most of it the run's copy of its checklist). Parsing was three quarters of the engine's own CPU per
     * command (bench/PERFORMANCE.md). Keyed on the text, so a changed or rolled-back state is never served.
     * Bounded: the most recently used runs only.
     */
    static final int CACHED_RUNS = 1_024;

    private record CachedRun(String json, Run run) {
    }

    private final java.util.Map<Long, CachedRun> cache = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, CachedRun> eldest) {
            return size() > CACHED_RUNS;
        }
    };

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .visibility(PropertyAccessor.GETTER, Visibility.NONE)
            .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, Visibility.ANY)
            .addMixIn(StepState.class, StepStateWithoutItsStep.class)
            .build();

    /**
     * A step's state is written without its copy of the checklist step: the run's own copy of the checklist
     * holds it already ({@code StepState.step()} is always {@code checklist.step(number)}), and writing it twice
     * doubled the JSON that every command rewrites. Read back, it is taken from the checklist again; states
     * written with it (older databases) still read as they are.
     */
    @JsonIgnoreProperties(value = "step", allowSetters = true)
    private abstract static class StepStateWithoutItsStep {
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    Run run(String json, long id) {
        synchronized (cache) {
            CachedRun cached = cache.get(id);
            if (cached != null && cached.json().equals(json)) {
                return cached.run();
            }
        }
        Run run = withChecklistSteps(read(json, Run.class, "run " + id));
        remember(id, json, run);
        return run;
    }

    /** The JSON state of a run about to be stored; remembered, so that reading it back needs no parse. */
    String writeRun(Run run) {
        String text = write(run);
        remember(run.id(), text, run);
        return text;
    }

    private void remember(long id, String json, Run run) {
        synchronized (cache) {
            cache.put(id, new CachedRun(json, run));
        }
    }

    /** The run with each step state's step taken from the run's copy of its checklist, where it was not stored. */
    private static Run withChecklistSteps(Run run) {
        if (run.steps().stream().allMatch(s -> s.step() != null)) {
            return run;
        }
        List<StepState> steps = run.steps().stream().map(s -> s.step() != null ? s
                : new StepState(s.number(), run.checklist().step(s.number()), s.status(), s.claimedBy(), s.openedAt(),
                        s.announced(), s.confirmations(), s.finishedBy(), s.finishedAt(), s.finishOrder(),
                        s.skipReason(), s.notes(), s.nudgedAt(), s.evidence())).toList();
        return new Run(run.id(), run.channel(), run.checklist(), run.title(), run.startedBy(), run.startedAt(),
                run.status(), run.endedAt(), run.endReason(), steps, run.answers());
    }

    RunEvent event(String json, long outboxId) {
        return json == null ? null : read(json, RunEvent.class, "outbox message " + outboxId);
    }

    private <T> T read(String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored state of " + what + " does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
