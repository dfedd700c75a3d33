package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;

/**
 * The U-Net against PyTorch's {@code bench_unet.py} network: same weights (set by a closed
 * formula on PyTorch's parameter names, see {@code make_unet_fixture.py}), same input, same
 * output.
 */
class ReferenceUNetGoldenTest {

    /** This network's parameter name as bench_unet.py's state_dict names it. */
    static String torchName(String name) {
        return name.replaceAll("^(down|up)\\.(\\d+)\\.res\\.", "$1.$2.0.")
                .replaceAll("^(down|up)\\.(\\d+)\\.attn\\.", "$1.$2.1.")
                .replaceAll("^up\\.(\\d+)\\.conv\\.", "up.$1.")
                .replaceAll("^mid1\\.res\\.", "mid1.")
                .replaceAll("^mid1\\.attn\\.", "mida.");
    }

    static float[] formula(String name, int[] shape, boolean norm) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int h = 0;
        for (char c : name.toCharArray()) {
            h += c;
        }
        h %= 1000;
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            double base = Math.sin(1.3 * k + 0.7 * h);
            double x;
            if (name.endsWith("bias")) {
                x = 0.1 * base;
            } else if (norm) {
                x = 1 + 0.1 * base;
            } else {
                x = base / Math.sqrt((double) n / shape[0]);
            }
            v[k] = (float) x;
        }
        return v;
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesPyTorchReferenceForward() throws Exception {
        Map<String, Object> fx;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/unet_forward.json")) {
            fx = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        UNetConfig cfg = new UNetConfig(16, 3, 3, 32, new int[] {1, 2}, 1, new int[] {8}, 4, 32, 32, 0, GateMode.NONE,
                new int[] {16, 32, 64});
        AttentionUNet net = new AttentionUNet(cfg, 0);
        assertEquals(((Number) fx.get("params")).longValue(), net.parameterCount());
        Set<String> torchNames = new HashSet<>((List<String>) fx.get("names"));
        Set<String> normModules = Set.of("n1", "n2", "norm", "nout");
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : net.namedParameters().entrySet()) {
                String tn = torchName(e.getKey());
                assertTrue(torchNames.remove(tn), "no PyTorch parameter " + tn + " for " + e.getKey());
                String[] parts = e.getKey().split("\\.");
                boolean norm = parts.length >= 2 && normModules.contains(parts[parts.length - 2]);
                e.getValue().value().copyFrom(Tensor.fromArray(formula(tn, e.getValue().shape(), norm), e.getValue().shape()));
            }
            assertTrue(torchNames.isEmpty(), "PyTorch parameters without a counterpart: " + torchNames);
            float[] x = formula("input", new int[] {2, 3, 16, 16}, false);
            double s = Math.sqrt(3 * 16 * 16 / 2.0);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * s);
            }
            List<Object> t = (List<Object>) fx.get("t");
            float[] y = net.forward(Tensor.fromArray(x, 2, 3, 16, 16),
                    new int[] {((Number) t.get(0)).intValue(), ((Number) t.get(1)).intValue()}).toArray();
            List<Object> expected = (List<Object>) fx.get("output");
            assertEquals(expected.size(), y.length);
            double maxErr = 0;
            for (int i = 0; i < y.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(((Number) expected.get(i)).doubleValue() - y[i]));
            }
            assertTrue(maxErr < 2e-4, "max abs difference from PyTorch: " + maxErr);
        }
    }
}
