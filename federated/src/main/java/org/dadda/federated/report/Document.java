package org.dadda.federated.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks (headings, paragraphs, tables, figures), rendered both as Markdown
 * and as a self-contained HTML page that refers to the same PNG files.
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

    /** The document as an HTML page. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}caption{font-weight:bold;text-align:left;padding:.3em 0}\n")
                .append("th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}th{background:#f0f0f0}\n")
                .append("td:first-child,th:first-child{text-align:left}tr.avg td{font-weight:bold;background:#fafafa}\n")
                .append("p.notes{font-size:.9em;color:#555}figure{margin:1em 0}figcaption{font-size:.9em;color:#555}\n")
                .append("img{max-width:100%;image-rendering:pixelated}\n</style>\n</head>\n<body>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(Html.escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                sb.append("<p>").append(Html.escape(p.text()).replace("`", "")).append("</p>\n");
            } else if (b instanceof TableBlock t) {
                sb.append(t.table().toHtml());
            } else if (b instanceof Figure f) {
                sb.append("<figure><img src=\"").append(Html.escape(f.path())).append("\" alt=\"").append(Html.escape(f.caption()))
                        .append("\"><figcaption>").append(Html.escape(f.caption())).append("</figcaption></figure>\n");
            }
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }
}
