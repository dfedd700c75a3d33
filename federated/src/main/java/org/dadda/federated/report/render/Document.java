package org.dadda.federated.report.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A report as a list of blocks (headings, paragraphs, tables, figures), rendered both as Markdown
 * (which links its figures, so the folder travels with it) and as an HTML page that carries its
 * figures inside as data URIs, so the page alone shows every picture when mailed or attached to a
 * ticket.
 */
public final class Document {
    private sealed interface Block permits Heading, Paragraph, TableBlock, Figure {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record TableBlock(Table table) implements Block {
    }

    private record Figure(String path, String caption) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    /** A document with a title. */
    public Document(String title) {
        this.title = title;
    }

    /** Adds a heading of {@code level} (2 = section, 3 = subsection). */
    public Document heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    /** Adds a paragraph of plain text. */
    public Document paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    /** Adds a table. */
    public Document table(Table t) {
        blocks.add(new TableBlock(t));
        return this;
    }

    /** Adds a figure: an image at {@code path} relative to the report, with a caption. */
    public Document figure(String path, String caption) {
        blocks.add(new Figure(path, caption));
        return this;
    }

    /** The document as Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Paragraph p) {
                sb.append(p.text()).append("\n\n");
            } else if (b instanceof TableBlock t) {
                sb.append(t.table().toMarkdown()).append('\n');
            } else if (b instanceof Figure f) {
                sb.append("![").append(f.caption().replace("]", ")")).append("](").append(f.path()).append(")\n\n*")
                        .append(f.caption()).append("*\n\n");
            }
        }
        return sb.toString();
    }

    /**
     * The document as an HTML page whose figures are embedded: each figure's file, resolved
     * against {@code baseDir}, becomes a {@code data:} URI.
     *
     * @throws IllegalArgumentException naming the figure file when it is missing
     */
    public String toHtml(Path baseDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").append(Html.escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(Html.escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                sb.append("<p>").append(code(Html.escape(p.text()))).append("</p>\n");
            } else if (b instanceof TableBlock t) {
                sb.append("<div class=\"table\">").append(t.table().toHtml()).append("</div>\n");
            } else if (b instanceof Figure f) {
                sb.append("<figure><img src=\"").append(dataUri(baseDir.resolve(f.path()))).append("\" alt=\"")
                        .append(Html.escape(f.caption())).append("\"><figcaption>").append(Html.escape(f.caption()))
                        .append("</figcaption></figure>\n");
            }
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;color:#222;background:#fdfdfd;margin:0}
            main{max-width:1200px;margin:0 auto;padding:1.5em 1.5em 4em}
            h1{border-bottom:2px solid #ddd;padding-bottom:.3em}h2{margin-top:2em;border-bottom:1px solid #e4e4e4}
            code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em;background:#f3f3f3;padding:0 .25em;border-radius:3px}
            div.table{overflow-x:auto}
            table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
            caption{font-weight:bold;text-align:left;padding:.3em 0}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right;white-space:nowrap}th{background:#f0f0f0}
            tbody tr:nth-child(even){background:#fafafa}
            td:first-child,th:first-child{text-align:left}tr.avg td{font-weight:bold;background:#f4f4f4}
            p.notes{font-size:.9em;color:#555}figure{margin:1.2em 0}figcaption{font-size:.9em;color:#555}
            img{max-width:100%;image-rendering:pixelated;border:1px solid #eee}
            """;

    /** Markdown's inline code spans ({@code `x`}) as HTML code elements, on already escaped text. */
    private static String code(String escaped) {
        return escaped.replaceAll("`([^`]*)`", "<code>$1</code>").replace("`", "");
    }

    /** A figure file as a {@code data:} URI. */
    static String dataUri(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("report figure " + file + " is missing");
        }
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".png") ? "image/png" : name.endsWith(".svg") ? "image/svg+xml"
                    : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : "application/octet-stream";
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report figure " + file, e);
        }
    }
}
