/**
 * Training: {@link org.dadda.diffusion.train.DdpmTrainer} (Adam, warm-up, clipping, EMA,
 * checkpoints with exact resume, loss log, progress bar), data as step-indexed
 * {@link org.dadda.diffusion.train.BatchSource}s, weight files
 * ({@link org.dadda.diffusion.train.ModelFiles}) and the stage-3 fine-tuning of G_I with gated
 * cross-attention ({@link org.dadda.diffusion.train.GatedFineTuner}).
 */
package org.dadda.diffusion.train;
