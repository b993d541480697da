package dev.checklistbot.checklist.markdown;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the link destinations of a documentation page into absolute URLs, the way the documentation site
 * publishes them (see {@code reference/README.md}): a page {@code DOCSET/dir/name.md} is published at
 * {@code BASE + DOCSET/dir/name}; relative links resolve against the page, root-relative ones
 * ({@code /windows-server/...}) against the base, docset-relative ones ({@code ~/dir/x.md}) against the
 * docset root; {@code .md} is dropped, anchors and queries are kept; absolute http(s) links stay as they are.
 * Without a base URL only absolute links can be kept.
 */
final class LinkResolver {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final String base;          // ends with '/', or null
    private final String docsetPath;    // "biztalk/" or ""
    private final String pagePath;      // "biztalk/core/page", or null when the page has no file
    private final boolean keepMd;       // links keep ".md" (a Git host's file view)
    private final String pageUrl;       // the base URL itself when it is the page's own URL, else null

    private LinkResolver(String base, String docsetPath, String pagePath, boolean keepMd, String pageUrl) {
        this.base = base;
        this.docsetPath = docsetPath;
        this.pagePath = pagePath;
        this.keepMd = keepMd;
        this.pageUrl = pageUrl;
    }

    static LinkResolver forPage(String baseUrl, Path page) {
        return forPage(baseUrl, page, MdLinks.AUTO);
    }

    /**
     * @param baseUrl the documentation root's URL (https://learn.microsoft.com/en-us/), or the page's own published URL, or null
     * @param page    the page's file, or null for text without a file
     * @param mdLinks whether links keep {@code .md}
     */
    static LinkResolver forPage(String baseUrl, Path page, MdLinks mdLinks) {
        String given = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
        boolean keepMd = mdLinks.keeps(given);
        String base = given == null ? null : given.endsWith("/") ? given : given + "/";
        if (page == null) {
            return new LinkResolver(base, "", null, keepMd, null);
        }
        Path file = page.toAbsolutePath().normalize();
        if (given != null && isPageUrl(given, file)) {
            // the page's own URL: links resolve against it as a browser would
            String own = clean(given.replaceAll("/+$", ""));
            return new LinkResolver(base, "", null, keepMd, own);
        }
        Path root = docsetRoot(file.getParent());
        boolean docset = isDocset(root);
        if (!docset) {
            root = siteRoot(file.getParent());
        }
        String prefix = docset && root.getFileName() != null ? root.getFileName() + "/" : "";
        String relative = root.relativize(file).toString().replace('\\', '/');
        return new LinkResolver(base, prefix, prefix + (keepMd ? relative : dropMd(relative)), keepMd, null);
    }

    /** True if the URL's last path segment names the page file ("…/checklist-x" or "…/checklist-x.md" for checklist-x.md). */
    private static boolean isPageUrl(String url, Path file) {
        try {
            String path = new URI(url).getPath();
            if (path == null) {
                return false;
            }
            String last = path.replaceAll("/+$", "");
            last = last.substring(last.lastIndexOf('/') + 1);
            String name = String.valueOf(file.getFileName());
            return !last.isEmpty() && (last.equalsIgnoreCase(name) || last.equalsIgnoreCase(dropMd(name)));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDocset(Path root) {
        return Files.isRegularFile(root.resolve("docfx.json")) || Files.isDirectory(root.resolve("includes"));
    }

    /**
     * Outside a DocFX docset: the site's source folder of an MkDocs project ({@code docs/} beside mkdocs.yml) or a
     * Hugo site ({@code content/} beside hugo.toml or config.toml), where root-relative links start; else the Git
     * working tree's root; else the page's own folder.
     */
    static Path siteRoot(Path pageDir) {
        for (Path dir = pageDir; dir != null; dir = dir.getParent()) {
            Path source = null;
            if (Files.isRegularFile(dir.resolve("mkdocs.yml")) || Files.isRegularFile(dir.resolve("mkdocs.yaml"))) {
                source = dir.resolve("docs");
            } else if (Stream.of("hugo.toml", "hugo.yaml", "config.toml").map(dir::resolve).anyMatch(Files::isRegularFile)) {
                source = dir.resolve("content");
            }
            if (source != null) {
                return Files.isDirectory(source) && pageDir.startsWith(source) ? source : dir;
            }
            if (Files.exists(dir.resolve(".git"))) {
                break;
            }
        }
        for (Path dir = pageDir; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return pageDir;
    }

    /**
     * The docset root: the nearest folder up from the page holding a {@code docfx.json}, else the nearest
     * holding an {@code includes} folder (the DocFX layout), else the page's own folder.
     */
    static Path docsetRoot(Path pageDir) {
        for (Path dir = pageDir; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docfx.json"))) {
                return dir;
            }
        }
        for (Path dir = pageDir; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("includes"))) {
                return dir;
            }
        }
        return pageDir;
    }

    /** The published URL of the page itself, if it can be known. */
    Optional<String> pageUrl() {
        if (pageUrl != null) {
            return Optional.of(pageUrl);
        }
        return base == null || pagePath == null ? Optional.empty() : Optional.of(clean(base + pagePath));
    }

    /** The absolute http(s) URL of a link destination, or empty if there is none (mailto:, relative without base). */
    Optional<String> resolve(String destination) {
        String dest = destination == null ? "" : destination.strip();
        if (dest.startsWith("<") && dest.endsWith(">")) {
            dest = dest.substring(1, dest.length() - 1).strip();
        }
        if (dest.isEmpty()) {
            return Optional.empty();
        }
        if (dest.startsWith("//")) {
            dest = "https:" + dest;
        }
        if (SCHEME.matcher(dest).find()) {
            String scheme = dest.substring(0, dest.indexOf(':')).toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? valid(clean(dest)) : Optional.empty();
        }
        if (base == null) {
            return Optional.empty();
        }
        int cut = indexOfAny(dest, '?', '#');
        String path = cut < 0 ? dest : dest.substring(0, cut);
        String rest = cut < 0 ? "" : dest.substring(cut);
        path = path.replace('\\', '/');
        path = keepMd ? path : dropMd(path);
        String target;
        if (pageUrl != null) {
            try {
                target = new URI(pageUrl).resolve(new URI(clean(path.isEmpty() ? "" : path))).toString() + rest;
                if (path.isEmpty()) {
                    target = pageUrl + rest;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        } else if (path.isEmpty()) {
            target = (pagePath == null ? base : base + pagePath) + rest;
        } else if (path.startsWith("~/")) {
            target = base + docsetPath + path.substring(2) + rest;
        } else if (path.startsWith("/")) {
            target = base + path.replaceFirst("^/+", "") + rest;
        } else {
            String from = pagePath == null ? base : base + pagePath;
            try {
                target = new URI(clean(from)).resolve(new URI(clean(path))).toString() + rest;
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        try {
            return valid(new URI(clean(target)).normalize().toString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> valid(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() == null ? Optional.empty() : Optional.of(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String dropMd(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".md") ? path.substring(0, path.length() - 3) : path;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** Percent-encodes what a URI may not hold as is (spaces, non-ASCII, a few symbols); keeps existing escapes. */
    static String clean(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
