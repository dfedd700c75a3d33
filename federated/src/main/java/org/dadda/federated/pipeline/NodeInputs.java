package org.dadda.federated.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.federated.downstream.LabelledImages;
import org.dadda.federated.downstream.TrainingSets;
import org.dadda.federated.node.DamStage;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.LocalNode;
import org.dadda.federated.node.NodeData;
import org.dadda.federated.node.PairFolder;

/**
 * Everything a node's downstream stages read: its data under the stage-1 split, its DAM samples
 * and (after synthesis) its synthesized samples, assembled into training and test sets.
 *
 * @param data the node's data
 * @param dam DAM samples by type
 * @param synthesized synthesized samples by type (empty before synthesis)
 * @param sets the training sets of every variant
 * @param classifierTest F_cls's test set
 * @param detectorTest F_det/loc's test set
 */
public record NodeInputs(NodeData data, Map<String, List<LabelledPair>> dam, Map<String, List<LabelledPair>> synthesized,
                         TrainingSets sets, LabelledImages classifierTest, TrainingSets.Segmentation detectorTest) {

    /**
     * Loads the inputs of {@code node} from its stage-1 folder and its synthesis folder.
     *
     * @throws IllegalArgumentException when stage 1 has not run
     */
    public static NodeInputs load(LocalNode node, Path stage1Dir, Path synthesisDir) {
        if (!Files.isDirectory(stage1Dir.resolve(DamStage.FOLDER))) {
            throw new IllegalArgumentException("stage 1 of node " + node.id() + " for " + node.category()
                    + " has not run (no " + stage1Dir.resolve(DamStage.FOLDER) + "): run dadda augment first");
        }
        NodeData data = node.load(stage1Dir);
        Map<String, List<LabelledPair>> dam = PairFolder.read(stage1Dir.resolve(DamStage.FOLDER));
        Map<String, List<LabelledPair>> synth = PairFolder.read(synthesisDir.resolve(SynthesisStage.PAIRS));
        List<String> types = data.defectTypes();
        TrainingSets sets = new TrainingSets(types, data.trainDefective(), dam, synth, data.trainGood(),
                Math.min(node.profile().damPerType(), node.profile().synthPerType()));
        return new NodeInputs(data, dam, synth, sets, TrainingSets.classifierTest(data.testDefective(), types),
                TrainingSets.detectorTest(data.testGood(), data.testDefective(), types));
    }
}
