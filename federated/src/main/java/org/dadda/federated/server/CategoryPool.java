package org.dadda.federated.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.privacy.LabelledMask;
import org.dadda.federated.privacy.NormalImage;
import org.dadda.federated.privacy.ServerUpload;

/**
 * Everything the server has received for one category, from one or more nodes: the normal images
 * G_I learns from and the labelled masks G_M learns from. Defect types are merged by name over the
 * nodes and sorted, which fixes G_M's class labels.
 *
 * @param category the category
 * @param nodes the contributing nodes
 * @param normals every normal image
 * @param masks every mask
 * @param maskClasses the class label (index into {@code defectTypes}) of each mask
 * @param defectTypes the merged defect types, sorted
 */
public record CategoryPool(String category, List<String> nodes, List<Image> normals, List<Mask> masks, int[] maskClasses,
                           List<String> defectTypes) {

    /**
     * Groups uploads by category.
     *
     * @throws IllegalArgumentException when the uploads of one category differ in image size
     */
    public static Map<String, CategoryPool> of(List<ServerUpload> uploads) {
        Map<String, List<ServerUpload>> by = new LinkedHashMap<>();
        for (ServerUpload u : uploads) {
            by.computeIfAbsent(u.category(), k -> new ArrayList<>()).add(u);
        }
        Map<String, CategoryPool> out = new LinkedHashMap<>();
        for (var e : by.entrySet()) {
            out.put(e.getKey(), merge(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static CategoryPool merge(String category, List<ServerUpload> ups) {
        TreeSet<String> types = new TreeSet<>();
        List<String> nodes = new ArrayList<>();
        int h = ups.get(0).height();
        int w = ups.get(0).width();
        for (ServerUpload u : ups) {
            if (u.height() != h || u.width() != w) {
                throw new IllegalArgumentException("uploads for " + category + " differ in size: node " + u.nodeId() + " sent "
                        + u.width() + "x" + u.height() + ", node " + ups.get(0).nodeId() + " " + w + "x" + h
                        + " (nodes must use the same profile)");
            }
            types.addAll(u.defectTypes());
            nodes.add(u.nodeId());
        }
        List<String> typeList = new ArrayList<>(types);
        List<Image> normals = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (ServerUpload u : ups) {
            for (NormalImage n : u.normals()) {
                normals.add(n.image());
            }
            for (LabelledMask m : u.masks()) {
                masks.add(m.mask());
                classes.add(typeList.indexOf(m.defectType()));
            }
        }
        return new CategoryPool(category, nodes, normals, masks, classes.stream().mapToInt(Integer::intValue).toArray(), typeList);
    }
}
