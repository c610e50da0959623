namespace MlPipeline.Core.Models;

/// <summary>One fine-tuning epoch's figures (recorded in the manifest and the metrics JSON).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean label-smoothed cross-entropy over the epoch's (augmented) training batches: the loss that trains.</param>
/// <param name="TrainAccuracy">Share of training images whose logits ranked their class first while training.</param>
/// <param name="ValidationLogLoss">
/// Mean unsmoothed cross-entropy (log-loss) on the held-out images, the measure the validation report's log-loss is;
/// null when nothing is held out.
/// </param>
/// <param name="ValidationAccuracy">Accuracy on the held-out images; null when nothing is held out.</param>
/// <param name="ImagesPerSecond">Training images per second of the epoch, decoding and augmentation included.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLogLoss, double? ValidationAccuracy, double ImagesPerSecond);
