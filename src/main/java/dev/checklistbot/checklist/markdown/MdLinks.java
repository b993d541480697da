package dev.checklistbot.checklist.markdown;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a link to another page keeps its {@code .md} once made absolute. A documentation site publishes
 * {@code dir/page.md} as {@code dir/page} (drop); a Git host's file view serves the file itself at
 * {@code .../blob/BRANCH/dir/page.md} (keep). {@link #AUTO} decides by the base URL's host.
 */
public enum MdLinks {
    AUTO, KEEP, DROP;

    private static final Set<String> GIT_HOSTS = Set.of("github.com", "www.github.com", "gitlab.com", "bitbucket.org",
            "codeberg.org", "raw.githubusercontent.com", "gitea.com", "sr.ht", "git.sr.ht");

    /** True if links resolved against {@code baseUrl} keep {@code .md}. */
    boolean keeps(String baseUrl) {
        if (this != AUTO) {
            return this == KEEP;
        }
        if (baseUrl == null) {
            return false;
        }
        try {
            URI uri = new URI(baseUrl);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath();
            return GIT_HOSTS.contains(host) || path.contains("/blob/") || path.contains("/-/blob/") || path.contains("/src/branch/");
        } catch (Exception e) {
            return false;
        }
    }
}
