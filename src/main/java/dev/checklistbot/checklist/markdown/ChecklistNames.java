package dev.checklistbot.checklist.markdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The id and file-name rule for imported checklists.
 * <p>
 * Id: the section heading's words, lower case, without filler words ("the", "and", ...) and without the
 * product's own words (from the page's {@code ms.service}/{@code ms.prod}, "biztalk-server" gives "biztalk"
 * and "server"); the leading verb in its base form ("Backing Up" -> "backup", "Restoring" -> "restore",
 * "Configuring" -> "configure"); at most four words joined by '-'. If two sections of a page would get the
 * same id, the longer form is used, then a number is added. So "Backing Up BizTalk Server" is {@code backup}
 * and "Backing Up the BizTalk Server Databases" is {@code backup-databases}.
 * <p>
 * File name: the product's first word, '-', the id, ".yaml" ({@code biztalk-backup.yaml}); just the id when the
 * page names no product.
 */
final class ChecklistNames {

    static final int MAX_ID_CHARS = 48;
    private static final int SHORT_WORDS = 4;
    private static final Set<String> FILLER = Set.of("a", "an", "the", "and", "or", "of", "for", "to", "in", "on",
            "with", "your", "from", "by", "at", "into", "about", "checklist", "s");
    private static final Set<String> TAKES_UP = Set.of("back", "set", "clean", "start", "warm", "roll", "sign");
    /** Verbs whose -ing form drops an 'e' (restore -> restoring): without it "restoring" would give "restor". */
    private static final Set<String> E_VERBS = Set.of("restore", "configure", "archive", "purge", "use", "create",
            "update", "prepare", "manage", "remove", "enable", "disable", "secure", "improve", "move", "change",
            "migrate", "validate", "automate", "schedule", "resolve", "ensure", "replace", "release", "scale", "tune",
            "store", "close", "provide", "retire", "rotate", "measure", "delete", "write", "generate", "upgrade",
            "analyze", "analyse", "optimize", "optimise", "organize", "customize", "synchronize", "initialize", "stage",
            "merge", "compile", "handle", "isolate", "integrate", "save", "promote", "operate", "declare", "define",
            "share", "acquire", "capture", "issue", "continue", "execute", "examine", "receive", "determine",
            "complete", "locate", "relocate", "recreate", "reconfigure", "choose", "make", "take", "drive", "compare",
            "estimate", "evaluate", "separate", "calculate");

    /** Words ending in -ing that are not a verb's -ing form. */
    private static final Set<String> NOT_VERBS = Set.of("during", "nothing", "something", "anything", "everything", "string",
            "strings", "spring", "thing", "things", "bring", "ceiling", "morning", "evening", "king", "swing", "sting", "wing");

    private final Set<String> productWords;
    private final String filePrefix;
    private final String idPrefix;
    private final Set<String> taken = new LinkedHashSet<>();

    /**
     * @param product  the page's product ("biztalk-server"), or null
     * @param idPrefix put before every id (an option for pages whose ids would clash with others), or null
     */
    ChecklistNames(String product, String idPrefix) {
        List<String> words = words(product == null ? "" : product);
        this.productWords = Set.copyOf(words);
        this.filePrefix = words.isEmpty() ? "" : words.get(0);
        this.idPrefix = idPrefix == null || idPrefix.isBlank() ? "" : String.join("-", words(idPrefix));
    }

    /** A new id for a checklist titled {@code title}, unique among the ids this object has given. */
    String id(String title) {
        List<String> words = significantWords(title);
        List<String> candidates = new ArrayList<>();
        candidates.add(join(words.subList(0, Math.min(SHORT_WORDS, words.size()))));
        candidates.add(join(words));
        for (String candidate : candidates) {
            if (!candidate.isEmpty() && taken.add(candidate)) {
                return candidate;
            }
        }
        String base = candidates.get(0).isEmpty() ? join(List.of("checklist")) : candidates.get(0);
        base = base.length() > MAX_ID_CHARS - 4 ? base.substring(0, MAX_ID_CHARS - 4).replaceAll("-+$", "") : base;
        for (int n = 2; ; n++) {
            if (taken.add(base + "-" + n)) {
                return base + "-" + n;
            }
        }
    }

    /**
     * An id for a section whose heading every page of a runbook folder has ("Diagnosis"): the page's words, as
     * many as fit, then the section's ({@code kube-pod-crash-looping-diagnosis}); unique like {@link #id(String)}.
     */
    String id(String pageTitle, String section) {
        List<String> sectionWords = significantWords(section);
        List<String> pageWords = new ArrayList<>(words(pageTitle).stream()
                .filter(w -> !FILLER.contains(w) && !productWords.contains(w)).toList());
        String tail = String.join("-", sectionWords);
        List<String> kept = new ArrayList<>();
        int length = tail.length() + (idPrefix.isEmpty() ? 0 : idPrefix.length() + 1);
        for (String word : pageWords) {
            if (length + word.length() + 1 > MAX_ID_CHARS) {
                break;
            }
            kept.add(word);
            length += word.length() + 1;
        }
        kept.addAll(sectionWords);
        String candidate = join(kept);
        if (!candidate.isEmpty() && taken.add(candidate)) {
            return candidate;
        }
        return id(pageTitle + " " + section);
    }

    /** The file name for a checklist with this id. */
    String fileName(String id) {
        boolean prefixed = filePrefix.isEmpty() || id.equals(filePrefix) || id.startsWith(filePrefix + "-");
        return (prefixed ? id : filePrefix + "-" + id) + ".yaml";
    }

    private String join(List<String> words) {
        List<String> all = new ArrayList<>();
        if (!idPrefix.isEmpty()) {
            all.add(idPrefix);
        }
        all.addAll(words);
        StringBuilder id = new StringBuilder();
        for (String word : all) {
            if (id.length() + word.length() + 1 > MAX_ID_CHARS) {
                break;
            }
            if (id.length() > 0) {
                id.append('-');
            }
            id.append(word);
        }
        return id.toString();
    }

    private List<String> significantWords(String title) {
        List<String> raw = words(title);
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String word = raw.get(i);
            if (i + 1 < raw.size() && raw.get(i + 1).equals("up") && TAKES_UP.contains(baseForm(word))) {
                merged.add(baseForm(word) + "up");
                i++;
            } else {
                merged.add(word);
            }
        }
        List<String> words = new ArrayList<>();
        for (String word : merged) {
            if (!FILLER.contains(word) && !productWords.contains(word)) {
                words.add(words.isEmpty() ? baseForm(word) : word);
            }
        }
        return words;
    }

    /** "restoring" -> "restore", "planning" -> "plan", "monitoring" -> "monitor"; other words as they are. */
    static String baseForm(String word) {
        if (word.length() < 5 || !word.endsWith("ing") || NOT_VERBS.contains(word)) {
            return word;
        }
        String stem = word.substring(0, word.length() - 3);
        if (E_VERBS.contains(stem + "e")) {
            return stem + "e";
        }
        int n = stem.length();
        if (n >= 3 && stem.charAt(n - 1) == stem.charAt(n - 2) && "bdgmnprt".indexOf(stem.charAt(n - 1)) >= 0) {
            return stem.substring(0, n - 1);
        }
        return stem;
    }

    /** Lower-case ASCII words of a text ("Backing Up BizTalk Server" -> backing, up, biztalk, server). */
    static List<String> words(String text) {
        String ascii = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replace("'", "");
        return Arrays.stream(ascii.split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }
}
