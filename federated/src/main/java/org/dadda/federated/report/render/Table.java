package org.dadda.federated.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table for the report, rendered as Markdown and as HTML. An optional row of column groups
 * (e.g. "U-Pro" over three columns) reproduces the paper's two-level headers: HTML spans the
 * cells, Markdown prefixes each column's header with its group.
 */
public final class Table {
    private record Group(String label, int span) {
    }

    private final String caption;
    private final List<String> header;
    private final List<Group> groups = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<Boolean> emphasis = new ArrayList<>();
    private String notes = "";

    /** A table with a caption and column headers. */
    public Table(String caption, List<String> header) {
        this.caption = caption;
        this.header = List.copyOf(header);
    }

    /** Adds a group header spanning the next {@code span} columns (groups are laid left to right). */
    public Table group(String label, int span) {
        groups.add(new Group(label, span));
        return this;
    }

    /** Adds a row; it must have one cell per column. */
    public Table row(List<String> cells) {
        return row(cells, false);
    }

    /** Adds a row, in bold when {@code strong} (e.g. the averages). */
    public Table row(List<String> cells, boolean strong) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("table '" + caption + "': row of " + cells.size() + " cells, "
                    + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        emphasis.add(strong);
        return this;
    }

    /** Sets a note printed under the table. */
    public Table notes(String text) {
        this.notes = text;
        return this;
    }

    /** Number of data rows. */
    public int rowCount() {
        return rows.size();
    }

    /** The cell at {@code row}, {@code col}. */
    public String cell(int row, int col) {
        return rows.get(row).get(col);
    }

    /** A percentage with two decimals (the paper's format), or "n/a" for NaN. */
    public static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** A number with {@code digits} decimals, or "n/a" for NaN. */
    public static String num(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private List<String> groupedHeader() {
        List<String> h = new ArrayList<>(header);
        int col = h.size() - groups.stream().mapToInt(Group::span).sum();
        for (Group g : groups) {
            for (int i = 0; i < g.span(); i++, col++) {
                if (col >= 0 && col < h.size() && !g.label().isEmpty()) {
                    h.set(col, g.label() + " " + h.get(col));
                }
            }
        }
        return h;
    }

    /** The table as GitHub-flavoured Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(caption).append("**\n\n");
        List<String> h = groupedHeader();
        sb.append("| ").append(String.join(" | ", escapeMd(h))).append(" |\n");
        sb.append("|");
        for (int i = 0; i < h.size(); i++) {
            sb.append(i == 0 ? " --- |" : " ---: |");
        }
        sb.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = escapeMd(rows.get(r));
            if (emphasis.get(r)) {
                cells = cells.stream().map(c -> c.isEmpty() ? c : "**" + c + "**").toList();
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n').append(notes).append('\n');
        }
        return sb.toString();
    }

    /** The table as an HTML {@code <table>} with its caption. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<table>\n<caption>").append(Html.escape(caption)).append("</caption>\n<thead>\n");
        if (!groups.isEmpty()) {
            int before = header.size() - groups.stream().mapToInt(Group::span).sum();
            sb.append("<tr>");
            if (before > 0) {
                sb.append("<th colspan=\"").append(before).append("\"></th>");
            }
            for (Group g : groups) {
                sb.append("<th colspan=\"").append(g.span()).append("\">").append(Html.escape(g.label())).append("</th>");
            }
            sb.append("</tr>\n");
        }
        sb.append("<tr>");
        for (String h : header) {
            sb.append("<th>").append(Html.escape(h)).append("</th>");
        }
        sb.append("</tr>\n</thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            sb.append(emphasis.get(r) ? "<tr class=\"avg\">" : "<tr>");
            for (String c : rows.get(r)) {
                sb.append("<td>").append(Html.escape(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        if (!notes.isEmpty()) {
            sb.append("<p class=\"notes\">").append(Html.escape(notes)).append("</p>\n");
        }
        return sb.toString();
    }

    private static List<String> escapeMd(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).toList();
    }
}
