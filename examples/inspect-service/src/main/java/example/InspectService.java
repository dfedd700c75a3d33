package example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dadda.federated.inspect.Inspection;
import org.dadda.federated.inspect.Inspector;

/**
 * A minimal inspection service: loads a model bundle written by {@code dadda export} once, then
 * scores every image in a folder and prints one line per image. A plant's service would call
 * {@link Inspector#inspect} from its request handlers instead; one Inspector may be shared by
 * all of them.
 *
 * <p>Usage: {@code java -cp ... example.InspectService model.dadda IMAGE_FOLDER}
 */
public final class InspectService {
    private InspectService() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: InspectService MODEL.dadda IMAGE_FOLDER");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), System.out);
    }

    /** Scores every image under {@code folder} with the bundle at {@code model}; returns how many were defective. */
    public static int run(Path model, Path folder, PrintStream out) throws IOException {
        Inspector inspector = Inspector.load(model);
        out.printf(Locale.ROOT, "model: %s, defect types %s, threshold %.4f%n", inspector.bundle().category(),
                inspector.bundle().classes(), inspector.bundle().threshold().value());
        List<Path> images;
        try (Stream<Path> s = Files.walk(folder)) {
            images = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|bmp)$")).sorted().toList();
        }
        int defective = 0;
        for (Path image : images) {
            Inspection r = inspector.inspect(image);
            if (r.defective()) {
                defective++;
            }
            out.printf(Locale.ROOT, "%s %.4f %s %s%n", folder.relativize(image), r.score(), r.verdict(),
                    r.defective() ? r.defectType() : "-");
        }
        return defective;
    }
}
