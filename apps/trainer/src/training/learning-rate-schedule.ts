/** Learning rate per optimizer step: linear warm-up, then a decay schedule down to `minRatio * peak`. */
import { InvalidArgumentError } from '@gliznet/common';

export type ScheduleName = 'cosine' | 'linear' | 'constant';

export interface LearningRateScheduleOptions {
  /** Peak learning rate, reached at the end of warm-up. */
  peak: number;
  /** Steps of linear warm-up from 0. */
  warmupSteps: number;
  /** Total optimizer steps of the run. */
  totalSteps: number;
  /** Decay after warm-up. Default `cosine`. */
  schedule?: ScheduleName;
  /** Floor as a fraction of the peak. Default 0. */
  minRatio?: number;
}

export function learningRateAt(step: number, options: LearningRateScheduleOptions): number {
  const { peak, warmupSteps, totalSteps } = options;
  const schedule = options.schedule ?? 'cosine';
  const minRatio = options.minRatio ?? 0;
  if (!(peak > 0)) throw new InvalidArgumentError('lr', `the learning rate must be positive, got ${peak}`);
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return peak;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  const factor = schedule === 'linear' ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (minRatio + (1 - minRatio) * factor);
}
