package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTrainersLog() throws IOException {
        Path f = dir.resolve("loss.csv");
        Files.writeString(f, "step,loss,lr,grad_norm\n1,0.9,1e-4,2.0\n2,NaN,1e-4,3.0\n\n3,0.5,1e-4,1.0\n");
        LossCurves.Curve c = LossCurves.read(f);
        assertArrayEquals(new double[] {1, 2, 3}, c.steps());
        assertTrue(Double.isNaN(c.loss()[1]));
        assertEquals(0.5, c.loss()[2]);
    }

    @Test
    void malformedLineIsNamedWithFileAndLine() throws IOException {
        Path f = dir.resolve("loss.csv");
        Files.writeString(f, "step,loss,lr,grad_norm\n1,0.9,1e-4,2.0\n2,oops,1e-4,3.0\n");
        IOException e = assertThrows(IOException.class, () -> LossCurves.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(f, "step,loss,lr,grad_norm\n1,0.9,1e-4\n");
        e = assertThrows(IOException.class, () -> LossCurves.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("3 cells"), e.getMessage());
        Files.writeString(f, "epoch,value\n");
        e = assertThrows(IOException.class, () -> LossCurves.read(f));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void movingAverageSkipsNonFiniteValues() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, LossCurves.movingAverage(new double[] {1, 2, 3, 4}, 2), 1e-12);
        assertArrayEquals(new double[] {1, 1, 3, 3}, LossCurves.movingAverage(new double[] {1, Double.NaN, 3, 3}, 2), 1e-12);
    }

    @Test
    void plotsSeveralSeriesToPng() throws IOException {
        Path a = dir.resolve("g_i.csv");
        Path b = dir.resolve("g_m.csv");
        StringBuilder sa = new StringBuilder("step,loss,lr,grad_norm\n");
        StringBuilder sb = new StringBuilder("step,loss,lr,grad_norm\n");
        for (int i = 1; i <= 100; i++) {
            sa.append(i).append(',').append(1.0 / i).append(",1e-4,1\n");
            sb.append(i).append(',').append(2.0 / i).append(",1e-4,1\n");
        }
        Files.writeString(a, sa);
        Files.writeString(b, sb);
        Map<String, Path> logs = new LinkedHashMap<>();
        logs.put("G_I", a);
        logs.put("G_M", b);
        Path png = dir.resolve("fig/loss.png");
        org.dadda.federated.report.QualitySection.plot("loss", logs, 10, true, png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 100 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G');
    }
}
