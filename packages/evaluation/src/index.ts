export { readEvaluationDataset, sampleRows, type EvaluationDataset, type EvaluationRow } from './evaluation-dataset.js';
export {
  singleLabelMetrics,
  multiLabelMetrics,
  sweepThresholds,
  argmax,
  labelsAtThreshold,
  type LabelScores,
  type SingleLabelMetrics,
  type MultiLabelMetrics,
  type ThresholdSweep,
} from './classification-metrics.js';
