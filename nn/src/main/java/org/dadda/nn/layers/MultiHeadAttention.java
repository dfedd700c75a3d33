package org.dadda.nn.layers;

import java.util.Arrays;
import org.dadda.nn.Layer;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Multi-head scaled-dot-product attention with separate projections, children {@code q_proj},
 * {@code k_proj}, {@code v_proj} ({@code heads * headDim} outputs each) and {@code out_proj}
 * (back to the query width), over the fused {@link Functional#attention} kernel.
 *
 * <p>Inputs are token sequences {@code [B, L, C]} or feature maps {@code [B, C, H, W]} (whose
 * {@code H*W} positions become tokens; the output is a map of the input's shape again). With one
 * argument it is self-attention; with a context, the queries come from {@code x} and keys and
 * values from the context (cross-attention), whose width may differ from the query width.
 */
public final class MultiHeadAttention extends Layer {
    private final int queryDim;
    private final int contextDim;
    private final int heads;
    private final int headDim;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;

    /** Self-attention over width {@code dim} with {@code heads} heads of {@code headDim}, biased projections. */
    public MultiHeadAttention(int dim, int heads, int headDim, Rng rng) {
        this(dim, dim, heads, headDim, true, rng);
    }

    /**
     * Attention whose queries have width {@code queryDim} and whose context (keys and values) has
     * width {@code contextDim}; {@code qkvBias} chooses biases on the three input projections (the
     * output projection always has one).
     */
    public MultiHeadAttention(int queryDim, int contextDim, int heads, int headDim, boolean qkvBias, Rng rng) {
        if (queryDim < 1 || contextDim < 1 || heads < 1 || headDim < 1) {
            throw new IllegalArgumentException("MultiHeadAttention: widths and heads must be positive, got query " + queryDim
                    + ", context " + contextDim + ", heads " + heads + ", head dim " + headDim);
        }
        this.queryDim = queryDim;
        this.contextDim = contextDim;
        this.heads = heads;
        this.headDim = headDim;
        int inner = heads * headDim;
        this.q = child("q_proj", new Linear(queryDim, inner, qkvBias, rng));
        this.k = child("k_proj", new Linear(contextDim, inner, qkvBias, rng));
        this.v = child("v_proj", new Linear(contextDim, inner, qkvBias, rng));
        this.out = child("out_proj", new Linear(inner, queryDim, true, rng));
    }

    /** Self-attention over the tokens (or positions) of {@code x}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, null);
    }

    /** Cross-attention: queries from {@code x}, keys and values from {@code context}. */
    public Tensor forward(Tensor x, Tensor context) {
        return forward(x, context, null);
    }

    /**
     * Attention of {@code x} to {@code context} with an optional additive {@code mask [Lq, Lk]}
     * (a large negative value hides a key). {@code x} and {@code context} are each
     * {@code [B, L, C]} or {@code [B, C, H, W]}; the result has {@code x}'s shape.
     */
    public Tensor forward(Tensor x, Tensor context, Tensor mask) {
        Tensor xt = tokens("input", x, queryDim);
        Tensor ct = context == x ? xt : tokens("context", context, contextDim);
        if (ct.size(0) != xt.size(0)) {
            throw new IllegalArgumentException("MultiHeadAttention: batch of input " + Arrays.toString(x.shape())
                    + " and context " + Arrays.toString(context.shape()) + " differ");
        }
        Tensor qh = splitHeads(q.forward(xt));
        Tensor kh = splitHeads(k.forward(ct));
        Tensor vh = splitHeads(v.forward(ct));
        Tensor a = Functional.attention(qh, kh, vh, mask, 1 / Math.sqrt(headDim));
        int b = xt.size(0);
        int lq = xt.size(1);
        Tensor y = out.forward(a.permute(0, 2, 1, 3).reshape(b, lq, heads * headDim));
        if (x.dim() == 4) {
            int[] s = x.shape();
            return y.permute(0, 2, 1).reshape(s);
        }
        return y;
    }

    /** {@code [B, L, C]} as is, or {@code [B, C, H, W]} as {@code [B, H*W, C]}. */
    private static Tensor tokens(String what, Tensor t, int width) {
        if (t.dim() == 3 && t.size(2) == width) {
            return t;
        }
        if (t.dim() == 4 && t.size(1) == width) {
            return t.reshape(t.size(0), width, -1).permute(0, 2, 1);
        }
        throw new IllegalArgumentException("MultiHeadAttention: " + what + " shape " + Arrays.toString(t.shape())
                + " must be [B, L, " + width + "] or [B, " + width + ", H, W]");
    }

    private Tensor splitHeads(Tensor t) {
        return t.reshape(t.size(0), t.size(1), heads, headDim).permute(0, 2, 1, 3);
    }

    /** Number of heads. */
    public int heads() {
        return heads;
    }

    /** Width of each head. */
    public int headDim() {
        return headDim;
    }
}
