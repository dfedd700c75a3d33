package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.NormGeometry;
import org.dadda.tensor.PoolGeometry;
import org.dadda.tensor.Reduction;
import org.dadda.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The Java side against the CUDA C sources: op codes against ops.h, packed structs against the
 * struct declarations, and the constants both sides must share.
 */
class KernelSourcesTest {
    private static final Path CUDA = Path.of("src/main/cuda");

    private static String source(String file) throws IOException {
        return Files.readString(CUDA.resolve(file));
    }

    private static Map<String, Integer> defines(String text) {
        Map<String, Integer> d = new HashMap<>();
        Matcher m = Pattern.compile("#define\\s+(\\w+)\\s+(\\d+)").matcher(text);
        while (m.find()) {
            d.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return d;
    }

    /** Field names of {@code struct name { int a, b; float c; }} in declaration order. */
    private static List<String> fields(String text, String struct) {
        Matcher m = Pattern.compile("struct\\s+" + struct + "\\s*\\{([^}]*)}").matcher(text);
        assertTrue(m.find(), "struct " + struct);
        String body = m.group(1).replaceAll("//[^\\n]*", "");
        List<String> names = new java.util.ArrayList<>();
        for (String decl : body.split(";")) {
            String d = decl.strip();
            if (d.isEmpty() || d.contains("(")) {
                continue; // a member function
            }
            String[] typeAndNames = d.split("\\s+", 2);
            for (String n : typeAndNames[1].split(",")) {
                names.add(n.strip());
            }
        }
        return names;
    }

    @Test
    void everyOpHasTheCodeOpsHGivesIt() throws IOException {
        Map<String, Integer> d = defines(source("ops.h"));
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(d.get("UNARY_" + op.name()), OpCodes.of(op), "unary " + op);
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(d.get("BINARY_" + op.name()), OpCodes.of(op), "binary " + op);
        }
        long kernelOps = d.keySet().stream().filter(k -> k.startsWith("UNARY_") || k.startsWith("BINARY_")).count();
        assertEquals(UnaryOp.values().length + BinaryOp.values().length, kernelOps, "ops.h has no op Java lacks");
    }

    @Test
    void packedStructsFollowTheCDeclarations() throws IOException {
        assertEquals(List.of("n", "c", "h", "w", "oc", "kh", "kw", "sh", "sw", "ph", "pw", "dh", "dw", "groups", "oh", "ow"),
                fields(source("conv.cu"), "ConvDims"));
        ConvGeometry cg = new ConvGeometry(2, 6, 13, 10, 9, 3, 5, 2, 1, 1, 2, 2, 1, 3);
        assertArrayEquals(new int[] {2, 6, 13, 10, 9, 3, 5, 2, 1, 1, 2, 2, 1, 3, cg.oh(), cg.ow()}, KernelStructs.conv(cg));

        assertEquals(List.of("kind", "n", "c", "hw", "groups"), fields(source("norm.cu"), "NormDims"));
        assertArrayEquals(new int[] {0, 3, 8, 35, 4}, KernelStructs.norm(NormGeometry.group(3, 8, 35, 4, 1e-5)));
        assertArrayEquals(new int[] {1, 3, 8, 35, 8}, KernelStructs.norm(NormGeometry.batch(3, 8, 35, 1e-5)));
        Map<String, Integer> norm = defines(source("norm.cu"));
        assertEquals(0, norm.get("KIND_GROUP"));
        assertEquals(1, norm.get("KIND_BATCH"));

        assertEquals(List.of("isMax", "planes", "h", "w", "kh", "kw", "stride", "pad", "oh", "ow"),
                fields(source("pool.cu"), "PoolDims"));
        PoolGeometry pg = new PoolGeometry(Reduction.MAX, 6, 9, 11, 3, 2, 2, 1);
        assertArrayEquals(new int[] {1, 6, 9, 11, 3, 2, 2, 1, pg.oh(), pg.ow()}, KernelStructs.pool(pg));

        assertEquals(List.of("heads", "lq", "lk", "d", "scale"), fields(source("attention.cu"), "AttnDims"));
        int[] a = KernelStructs.attention(new AttentionGeometry(6, 37, 45, 16, 0.25));
        assertArrayEquals(new int[] {6, 37, 45, 16}, java.util.Arrays.copyOf(a, 4));
        assertEquals(0.25f, Float.intBitsToFloat(a[4]));

        assertEquals(List.of("rank", "shape[MAX_RANK]", "stride[3][MAX_RANK]"), fields(source("common.cuh"), "StridedLayout"));
    }

    @Test
    void sharedConstantsAgree() throws IOException {
        Map<String, Integer> common = defines(source("common.cuh"));
        assertEquals(StridedLayout.MAX_RANK, common.get("MAX_RANK"));
        Map<String, Integer> gemm = defines(source("gemm.cuh"));
        assertEquals(LaunchGeometry.GEMM_TILE, gemm.get("TILE_M"));
        assertEquals(LaunchGeometry.GEMM_TILE, gemm.get("TILE_N"));
        assertEquals(LaunchGeometry.GEMM_THREADS, gemm.get("GEMM_THREADS"));
        Map<String, Integer> attention = defines(source("attention.cu"));
        assertEquals(AttentionOps.MAX_HEAD_DIM, attention.get("MAX_HEAD_DIM"));
        assertEquals(AttentionOps.ROWS_PER_BLOCK, attention.get("ROWS_PER_BLOCK"));
        assertEquals(AttentionOps.KEY_TILE, attention.get("KEY_TILE"));
        assertTrue(LaunchGeometry.MAX_REDUCTION_BLOCK <= 1024 && Integer.bitCount(LaunchGeometry.MAX_REDUCTION_BLOCK) == 1);
    }
}
