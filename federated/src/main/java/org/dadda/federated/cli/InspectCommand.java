package org.dadda.federated.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.inspect.Inspection;
import org.dadda.federated.inspect.Inspector;
import org.dadda.tensor.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Scores images with a model bundle or a run folder's models. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Score images: one line per image (path, score, verdict, defect type), or --json. Folders are searched"
                + " recursively for .png, .jpg, .jpeg, .bmp, .gif and .tif files; images of any size, gray or colour."})
final class InspectCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE|RUN_DIR",
            description = "A bundle from dadda export, or a finished run folder.")
    Path model;
    @Option(names = "--category", description = "With a run folder of several categories: which one.")
    String category;
    @Option(names = "--json", description = "One JSON object per image (JSON Lines) instead of text.")
    boolean json;
    @Option(names = "--maps", paramLabel = "DIR", description = "Write each image's anomaly overlay (NAME-overlay.png) into DIR.")
    Path maps;
    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_FOLDER")
    List<Path> inputs;
    @Spec
    CommandSpec spec;

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff");

    @Override
    public Integer call() {
        Inspector inspector = Files.isDirectory(model) ? Inspector.load(model, category) : Inspector.load(model);
        List<Path> files = files(inputs);
        PrintWriter out = spec.commandLine().getOut();
        int defective = 0;
        for (int s = 0; s < files.size(); s += Inspector.BATCH) {
            List<Path> part = files.subList(s, Math.min(files.size(), s + Inspector.BATCH));
            List<Image> images = new ArrayList<>();
            for (Path f : part) {
                images.add(ImageFiles.read(f));
            }
            List<Inspection> results = inspector.inspectAll(images);
            for (int i = 0; i < part.size(); i++) {
                Inspection r = results.get(i);
                defective += r.defective() ? 1 : 0;
                Path overlay = maps == null ? null : writeOverlay(part.get(i), images.get(i), r, s + i);
                out.println(json ? Json.write(toJson(part.get(i), r, overlay)) : line(part.get(i), r));
            }
            out.flush();
        }
        spec.commandLine().getErr().println(String.format(Locale.ROOT, "inspected %d images: %d defective (threshold %.4f, %s)",
                files.size(), defective, inspector.bundle().threshold().value(), inspector.bundle().threshold().chosenBy()));
        return 0;
    }

    private static String line(Path f, Inspection r) {
        return String.format(Locale.ROOT, "%s\t%.4f\t%s\t%s", f, r.score(), r.verdict(),
                r.defective() ? r.defectType() + " (" + String.format(Locale.ROOT, "%.2f", r.probabilities().get(r.defectType())) + ")" : "-");
    }

    private static Map<String, Object> toJson(Path f, Inspection r, Path overlay) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.toString());
        m.put("score", r.score());
        m.put("threshold", r.threshold());
        m.put("verdict", r.verdict());
        m.put("defect_type", r.defectType());
        m.put("probabilities", r.probabilities());
        m.put("width", r.width());
        m.put("height", r.height());
        if (overlay != null) {
            m.put("overlay", overlay.toString());
        }
        return m;
    }

    private Path writeOverlay(Path f, Image image, Inspection r, int index) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // The index keeps overlays of same-named files in different folders apart.
        Path o = maps.resolve(String.format(Locale.ROOT, "%04d-%s-overlay.png", index, dot > 0 ? name.substring(0, dot) : name));
        ImageFiles.writePng(r.overlay(image), o);
        return o;
    }

    /** The image files named or found under the named folders, folders walked in sorted order. */
    static List<Path> files(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(InspectCommand::isImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("image or folder " + p + " does not exist");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no image files in " + inputs);
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
