/**
 * The model settings the graph tests run over, shared by the reference test and the tfjs parity
 * test so both cover the same models: every gliznet scorer x pooling x projection combination
 * (without the sentence head), the cross-encoders, and targeted cosine / sentence-head cases (not
 * crossed with everything, to keep the suite fast).
 */
import type { Architecture, EncoderFamily, LabelAttention, LabelPooling, LabelPositions, Similarity, TextPooling } from '@gliznet/common';

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

export function modelVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const encoder of ['use-lite', 'bert'] as const) {
    for (const similarity of ['dot', 'bilinear', 'dot_learning'] as const)
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
      // The other activation than the family's pretrained one: relu and gelu both, in every family.
      { architecture: 'gliznet', encoder, similarity: 'cosine', labelPooling: 'mean', textPooling: 'mean', projectionDim: null, sentenceHead: false, hiddenAct: encoder === 'use-lite' ? 'gelu' : 'relu' },
      { architecture: 'gliznet', encoder, similarity: 'dot', labelPooling: 'mean', textPooling: 'cls', projectionDim: null, sentenceHead: false, hiddenAct: 'gelu_new' },
    );
    for (const textPooling of ['cls', 'mean'] as const) variants.push({ architecture: 'cross-encoder', encoder, similarity: 'dot', labelPooling: 'attention', textPooling, projectionDim: null, sentenceHead: true });
  }
  return variants;
}

export function describeVariant(variant: Variant): string {
  return `${variant.architecture} ${variant.encoder} ${variant.similarity} label:${variant.labelPooling} text:${variant.textPooling} proj:${variant.projectionDim ?? 'none'} sentence_head:${variant.sentenceHead}${variant.labelAttention ? ` label_attention:${variant.labelAttention}` : ''}${variant.labelPositions ? ` label_positions:${variant.labelPositions}` : ''}${variant.hiddenAct ? ` hidden_act:${variant.hiddenAct}` : ''}`;
}
