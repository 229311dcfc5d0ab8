// @gliznet/losses: public API. See README.md.
export { bceLoss, bceWithLogitsPerSlot, type BceLossOptions } from './bce-loss.js';
export { contrastiveHingeLoss, type ContrastiveHingeLossOptions } from './contrastive-hinge-loss.js';
export { distillationLoss, type DistillationLossOptions } from './distillation-loss.js';
export { hybridLoss, type HybridLossOptions, type HybridLossResult } from './hybrid-loss.js';
export { LOSS_DEFAULTS, type LossReduction, type ContrastiveScores } from './defaults.js';
