package org.dadda.federated.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report carries its figures: every image is a data URI that decodes, in Java and in a browser. */
class ReportHtmlTest {
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]*)\"");

    @TempDir
    Path dir;

    private String page() {
        Path figures = dir.resolve("figures");
        new LinePlot("loss", "step", "loss").series("G_I", new double[] {0, 1, 2}, new double[] {1, 0.5, 0.2}).writePng(figures.resolve("a.png"), 320, 200);
        new LinePlot("roc", "fpr", "tpr").unitSquare().diagonal().series("x", new double[] {0, 0.2, 1}, new double[] {0, 0.8, 1})
                .writePng(figures.resolve("b.png"), 240, 240);
        Table t = new Table("a `code` table", List.of("Variant", "AUROC"));
        t.row(List.of("real", "0.91"));
        return new Document("report").paragraph("Run folder `runs/x`.").table(t).figure("figures/a.png", "loss curves")
                .figure("figures/b.png", "roc").toHtml(dir);
    }

    /** The sources of every img element of {@code html}. */
    static List<String> imageSources(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Asserts that every image of {@code html} is an embedded PNG that decodes to a non-empty picture; returns their count. */
    static int assertImagesEmbedded(String html) throws IOException {
        List<String> srcs = imageSources(html);
        for (String src : srcs) {
            assertTrue(src.startsWith("data:image/png;base64,"), "figure not embedded: " + src.substring(0, Math.min(60, src.length())));
            BufferedImage im = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
            assertTrue(im != null && im.getWidth() > 0 && im.getHeight() > 0, "an embedded figure does not decode");
        }
        return srcs.size();
    }

    @Test
    void figuresAreEmbeddedAsDataUris() throws IOException {
        String html = page();
        assertEquals(2, assertImagesEmbedded(html));
        assertFalse(html.contains("figures/a.png\""), "the page still links a figure file");
        assertTrue(html.contains("<code>runs/x</code>"), "inline code spans become code elements");
    }

    @Test
    void aMissingFigureIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Document("r").figure("figures/none.png", "gone").toHtml(dir));
        assertTrue(e.getMessage().contains("none.png"), e.getMessage());
    }

    /**
     * Loads the page in headless Chromium (Debian {@code chromium}; skipped where it is not
     * installed) with a probe script appended, and reads back how many images the browser decoded
     * (non-zero natural width).
     */
    @Test
    void everyImageDecodesInChromium() throws Exception {
        String chromium = Chromium.find();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
        String html = page();
        int images = imageSources(html).size();
        String probe = "<script>window.addEventListener('load',()=>{const i=[...document.images];"
                + "document.body.setAttribute('data-decoded',i.filter(x=>x.complete&&x.naturalWidth>0).length+'/'+i.length);});</script>";
        Path file = dir.resolve("probe.html");
        Files.writeString(file, html.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        String dom = Chromium.dumpDom(chromium, file, dir.resolve("profile"));
        Matcher m = Pattern.compile("data-decoded=\"(\\d+)/(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the probe did not run; chromium printed: " + dom.substring(0, Math.min(400, dom.length())));
        assertEquals(images, Integer.parseInt(m.group(2)));
        assertEquals(images, Integer.parseInt(m.group(1)), "images the browser could not decode");
    }

    /** Headless Chromium, when installed. */
    static final class Chromium {
        private Chromium() {
        }

        static String find() {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                    if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                        return Path.of(d, name).toString();
                    }
                }
            }
            return null;
        }

        static String dumpDom(String chromium, Path page, Path profile) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                    "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
