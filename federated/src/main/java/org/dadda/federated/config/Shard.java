package org.dadda.federated.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Which share of a category's training data a node holds when several nodes split one category:
 * item {@code i} of every sorted list belongs to shard {@code i mod count}. The test split is not
 * sharded (every node evaluates on all of it).
 *
 * @param index this node's shard, 0-based
 * @param count number of shards
 */
public record Shard(int index, int count) {
    /** The whole data set. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the numbers. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + (index + 1) + "/" + count + " does not exist (need 1 <= k <= K)");
        }
    }

    /**
     * Parses {@code k/K} (1-based, as the command line writes it).
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()) - 1, Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("shard '" + text + "' must be k/K, e.g. 1/2");
    }

    /** This shard's items of {@code all}. */
    public <T> List<T> of(List<T> all) {
        List<T> out = new ArrayList<>();
        for (int i = index; i < all.size(); i += count) {
            out.add(all.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return (index + 1) + "/" + count;
    }
}
