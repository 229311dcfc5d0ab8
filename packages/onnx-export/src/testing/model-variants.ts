/**
 * The model settings the graph tests run over, shared by the reference test and the tfjs parity
 * test so both cover the same models: for every encoder family of the registry, every registered
 * scorer x pooling x projection combination (without the sentence head; cosine, the default, only
 * in targeted cases, to keep the suite fast), the cross-encoders, targeted sentence-head cases, and
 * relu and gelu both in every family.
 */
import { encoderDimensions, ENCODER_FAMILIES, SIMILARITIES, type Architecture, type EncoderFamily, type LabelAttention, type LabelPooling, type LabelPositions, type Similarity, type TextPooling } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';

/** Scorers crossed with every pooling x projection combination: all registered ones but cosine (its targeted cases follow). */
const CROSSED_SIMILARITIES = SIMILARITIES.filter((similarity) => similarity !== 'cosine');

export interface Variant {
  architecture: Architecture;
  encoder: EncoderFamily;
  similarity: Similarity;
  labelPooling: LabelPooling;
  textPooling: TextPooling;
  projectionDim: number | null;
  sentenceHead: boolean;
  /** Default `all`. */
  labelAttention?: LabelAttention;
  /** Default `sequential`. */
  labelPositions?: LabelPositions;
  /** Feed-forward activation; default the family's pretrained one (use-lite relu, bert gelu). */
  hiddenAct?: string;
}

/** The family's feed-forward activation when config.json does not set one (relu for use-lite, gelu for bert). */
function defaultActivation(encoder: EncoderFamily): string {
  const config = createTinyModelConfig({ encoder });
  delete config.huggingFace['hidden_act'];
  return encoderDimensions(config).hiddenActivation;
}

export function modelVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const encoder of ENCODER_FAMILIES) {
    for (const similarity of CROSSED_SIMILARITIES)
      for (const labelPooling of ['attention', 'mean'] as const)
        for (const textPooling of ['cls', 'mean'] as const)
          for (const projectionDim of [null, 12]) variants.push({ architecture: 'gliznet', encoder, similarity, labelPooling, textPooling, projectionDim, sentenceHead: false });
    for (const textPooling of ['cls', 'mean'] as const) variants.push({ architecture: 'cross-encoder', encoder, similarity: 'dot', labelPooling: 'attention', textPooling, projectionDim: null, sentenceHead: false });
    variants.push(
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'attention', textPooling: 'cls', projectionDim: null, sentenceHead: false },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'attention', textPooling: 'cls', projectionDim: 12, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'mean', textPooling: 'cls', projectionDim: null, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'dot_learning', labelPooling: 'attention', textPooling: 'mean', projectionDim: 12, sentenceHead: true },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: true, labelAttention: 'text-and-self' },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'mean', textPooling: 'cls', projectionDim: 12, sentenceHead: false, labelAttention: 'self' },
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: true, labelAttention: 'text-and-self', labelPositions: 'after-text' },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'attention', textPooling: 'cls', projectionDim: null, sentenceHead: false, labelPositions: 'from-zero' },
      // relu and gelu both in every family: the other one than its default (which every other variant uses).
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: false, hiddenAct: defaultActivation(encoder) === 'relu' ? 'gelu' : 'relu' },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'mean', textPooling: 'cls', projectionDim: null, sentenceHead: false, hiddenAct: 'gelu_new' },
    );
    for (const textPooling of ['cls', 'mean'] as const) variants.push({ architecture: 'cross-encoder', encoder, similarity: 'dot', labelPooling: 'attention', textPooling, projectionDim: null, sentenceHead: true });
  }
  return variants;
}

export function describeVariant(variant: Variant): string {
  return `${variant.architecture} ${variant.encoder} ${variant.similarity} label:${variant.labelPooling} text:${variant.textPooling} proj:${variant.projectionDim ?? 'none'} sentence_head:${variant.sentenceHead}${variant.labelAttention ? ` label_attention:${variant.labelAttention}` : ''}${variant.labelPositions ? ` label_positions:${variant.labelPositions}` : ''}${variant.hiddenAct ? ` hidden_act:${variant.hiddenAct}` : ''}`;
}
